package dev.pybridge.pool;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Settings and helpers for pool tests: real Python from {@code -Dpybridge.python}, short timeouts. */
final class TestingPool {

    private TestingPool() {}

    static PythonEnvironment python() {
        return TestingPython.environment();
    }

    static BridgeConfig.Builder bridge() {
        return TestingPython.config();
    }

    static PoolConfig.Builder config(int size) {
        return PoolConfig.builder().bridge(bridge().build()).size(size);
    }

    /** The pids of this JVM's worker processes now. */
    static List<Long> workerPids() {
        return Processes.workerPids();
    }

    static void killMinusNine(long pid) {
        Processes.killMinusNine(pid);
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code seconds}. */
    static void await(String what, int seconds, BooleanSupplier condition) {
        Await.until(what, seconds, condition);
    }
}
