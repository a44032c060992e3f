package dev.pybridge.testkit.contract;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.pool.PoolConfig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real workers the contracts run against: the interpreter of {@code -Dpybridge.python}, else
 * {@code python3}; for programs, DSPy where that interpreter imports it, else the stand-in kept
 * with the Python tests, and the test LMs of python/tests/fake_lms.py on its path. Timeouts are
 * generous, so that a test that goes wrong fails and one on a loaded machine passes.
 */
final class TestingWorkers {

    private static final Path PYTHON_TESTS = Path.of("..", "python", "tests").toAbsolutePath().normalize();
    private static volatile Boolean realDspy;

    private TestingWorkers() {}

    static PythonEnvironment python() {
        return PythonEnvironment.of(System.getProperty("pybridge.python", "python3"));
    }

    static BridgeConfig.Builder bridge() {
        return BridgeConfig.builder()
                .python(python())
                .startupTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .shutdownGrace(Duration.ofSeconds(2))
                .workerCacheDirectory(Path.of("target", "worker-cache").toAbsolutePath());
    }

    static PoolConfig pool(int size, BridgeConfig bridge) {
        return PoolConfig.builder().bridge(bridge).size(size).build();
    }

    /** A bridge whose workers can run programs: DSPy (or its stand-in) and the test LMs on their path. */
    static BridgeConfig.Builder programs() {
        String path = realDspy() ? PYTHON_TESTS.toString() : PYTHON_TESTS.resolve("standin") + File.pathSeparator + PYTHON_TESTS;
        return bridge().python(python().withVariable("PYTHONPATH", path));
    }

    /** The test LM that answers every output by its type. */
    static LmConfig answeringLm() {
        return LmConfig.builder("fake/answering").factory("fake_lms:answering").build();
    }

    private static boolean realDspy() {
        Boolean known = realDspy;
        if (known == null) {
            known = realDspy = imports("dspy");
        }
        return known;
    }

    private static boolean imports(String module) {
        try {
            Process process = new ProcessBuilder(python().executable(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("python -c 'import " + module + "' did not end within 60 s");
            }
            return process.exitValue() == 0;
        }
        catch (IOException e) {
            throw new AssertionError("cannot run the test interpreter " + python().executable(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
