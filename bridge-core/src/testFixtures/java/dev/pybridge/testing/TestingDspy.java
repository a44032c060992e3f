package dev.pybridge.testing;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.program.LmConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the program tests run against: real DSPy where the test interpreter imports it, else the
 * stand-in kept with the Python tests (python/tests/standin, never shipped), and the fake LMs of
 * python/tests/fake_lms.py, which answer every prompt by rule without a network.
 */
public final class TestingDspy {

    private static final Path PYTHON_TESTS = Path.of("..", "python", "tests").toAbsolutePath().normalize();
    private static volatile Boolean realDspy;

    private TestingDspy() {}

    /** The test interpreter with the fake LMs, and the stand-in unless real DSPy imports, on its path. */
    public static PythonEnvironment environment() {
        String path = realDspy() ? PYTHON_TESTS.toString()
                : PYTHON_TESTS.resolve("standin") + File.pathSeparator + PYTHON_TESTS;
        return TestingPython.environment().withVariable("PYTHONPATH", path);
    }

    /** An LM that answers every output by its type: {@code answer} is "answer to " and the question. */
    public static LmConfig answeringLm() {
        return LmConfig.builder("fake/answering").factory("fake_lms:answering").build();
    }

    /** Whether the test interpreter imports real DSPy. */
    public static boolean realDspy() {
        Boolean known = realDspy;
        if (known == null) {
            known = realDspy = imports("dspy");
        }
        return known;
    }

    private static boolean imports(String module) {
        try {
            Process process = new ProcessBuilder(TestingPython.environment().executable(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("python -c 'import " + module + "' did not end within 60 s");
            }
            return process.exitValue() == 0;
        }
        catch (IOException e) {
            throw new AssertionError("cannot run the test interpreter", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
