package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.pybridge.pool.TestingPool.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoProcessLeft.class)
class CircuitBreakerIT {

    @Test
    void opensWhilePythonCannotStartAndClosesWhenItCan(@TempDir Path folder) throws Exception {
        Path python = folder.resolve("python");
        write(python, "#!/bin/sh\necho 'python: cannot find libpython' >&2\nexit 3\n");
        PoolConfig config = TestingPool.config(2)
                .bridge(TestingPool.bridge().python(PythonEnvironment.of(python)).eagerStart(false)
                        .restartPolicy(new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(20), 1, Duration.ofMinutes(1))
                                .withProbeInterval(Duration.ofMillis(200)))
                        .build())
                .build();
        try (PooledBridge pool = PooledBridge.start(config)) {
            // The first call hears why no worker could start; once the starts have failed past the policy, calls are refused.
            BridgeConfigurationException broken = assertThrows(BridgeConfigurationException.class, () -> pool.eval("1"));
            assertTrue(broken.getMessage().contains("cannot find libpython"), broken.getMessage());
            await("the circuit opened", 30, () -> pool.stats().circuitOpen());
            CircuitOpenException open = assertThrows(CircuitOpenException.class, () -> pool.eval("1"));
            assertTrue(open.getMessage().contains("cannot find libpython"), open.getMessage());
            CompletableFuture<Object> refused = pool.submit(Call.eval("1"));
            assertTrue(refused.isCompletedExceptionally(), "while open, a call is refused at once, without waiting");

            String real = TestingPool.python().executable();
            write(python, "#!/bin/sh\nexec " + real + " \"$@\"\n");

            await("a probe start succeeded and closed the circuit", 30, () -> !pool.stats().circuitOpen());
            assertEquals(2L, pool.eval("1 + 1"));
            await("the pool filled up again", 30, () -> pool.stats().workers(WorkerState.READY) == 2);
        }
    }

    private static void write(Path script, String text) throws Exception {
        Path next = script.resolveSibling(script.getFileName() + ".next");
        Files.writeString(next, text);
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(next, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
