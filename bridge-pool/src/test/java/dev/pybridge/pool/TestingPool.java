package dev.pybridge.pool;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings and helpers for pool tests: real Python from {@code -Dpybridge.python}, short timeouts. */
final class TestingPool {

    private TestingPool() {}

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

    static PoolConfig.Builder config(int size) {
        return PoolConfig.builder().bridge(bridge().build()).size(size);
    }

    /** The pids of this JVM's worker processes now. */
    static List<Long> workerPids() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().arguments().map(List::of).map(args -> args.contains("pybridge")).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    static void killMinusNine(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code seconds}. */
    static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + seconds + " s waiting until " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
