package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Skips a test, saying why, when the test interpreter cannot import numpy (CI's may not have it);
 * the paths without numpy are tested whatever the interpreter.
 */
public final class RequiresNumpy implements SkipExecutionHook {

    private static final boolean NUMPY = numpyImports();

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return NUMPY ? SkipResult.doNotSkip()
                : SkipResult.skip("numpy does not import in " + TestingPython.environment().executable() + ": the numpy path is not tested here");
    }

    private static boolean numpyImports() {
        try {
            Process probe = new ProcessBuilder(TestingPython.environment().executable(), "-c", "import numpy")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(60, TimeUnit.SECONDS)) {
                probe.destroyForcibly().waitFor();
                return false;
            }
            return probe.exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
