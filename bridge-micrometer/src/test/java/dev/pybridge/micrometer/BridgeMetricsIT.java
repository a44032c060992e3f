package dev.pybridge.micrometer;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The meters of both bridges against real Python workers, read from a {@code SimpleMeterRegistry}:
 * calls by command and outcome, a worker killed with SIGKILL, a call past its deadline, and a
 * crash loop that opens the circuit.
 */
@ExtendWith(NoProcessLeft.class)
class BridgeMetricsIT {

    private final TestingMeters meters = new TestingMeters();
    private final PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();

    @ParameterizedTest
    @EnumSource(Metered.class)
    void callsAreTimedByCommandAndOutcomeAndTheWorkersShowAsReady(Metered topology) {
        try (PythonBridge bridge = topology.start(metrics, TestingPython.config().build())) {
            metrics.bindTo(meters.registry);
            assertEquals(topology.size, meters.workers("ready"));
            assertEquals(0, meters.workers("starting"));
            assertEquals(0, meters.queued());
            assertEquals(0, meters.circuitOpen());
            assertEquals(topology.size, meters.starts(), "the workers that started before the registry was bound count");

            for (int i = 0; i < 3; i++) {
                bridge.eval("1 + 1");
            }
            bridge.exec("x = 1");
            assertThrows(PythonException.class, () -> bridge.eval("1 / 0"));
            assertThrows(InvalidRequestException.class, () -> bridge.call(Call.of("no_such_command")));

            // A call's event may come just after its caller has the result: wait for all of them.
            Await.until("every call was timed", 10, () -> meters.calls("eval", "ok") == 3 && meters.calls("exec", "ok") == 1
                    && meters.calls("eval", "python") == 1 && meters.calls("no_such_command", "invalid_request") == 1);
            assertEquals(0, meters.crashes());
        }
    }

    @Test
    void aBinderWatchesOneBridgeAndStartsNoOther() {
        try (PooledBridge pool = metrics.startPool(PoolConfig.builder().bridge(TestingPython.config().build()).size(1).build())) {
            IllegalStateException second = assertThrows(IllegalStateException.class, () -> metrics.startBridge(TestingPython.config().build()));
            assertTrue(second.getMessage().contains("make one binder per bridge"), second.getMessage());
            assertThrows(IllegalStateException.class, () -> metrics.watch(pool));
        }
    }

    @ParameterizedTest
    @EnumSource(Metered.class)
    void aWorkerKilledWithSigkillMovesCrashesAndRestarts(Metered topology) {
        try (PythonBridge bridge = topology.start(metrics, TestingPython.config().build())) {
            metrics.bindTo(meters.registry);
            long pid = ((Number) bridge.eval("__import__('os').getpid()")).longValue();

            Processes.killMinusNine(pid);

            Await.until("the crash was counted", 30, () -> meters.crashes() == 1);
            assertEquals(1, meters.restarts());
            Await.until("the replacement serves", 30, () -> meters.starts() == topology.size + 1 && meters.workers("ready") == topology.size);
            assertEquals(2L, bridge.eval("1 + 1"));
            assertEquals(1, meters.crashes(), "one crash, no more");
        }
    }

    @ParameterizedTest
    @EnumSource(Metered.class)
    void aCallPastItsDeadlineMovesTimeoutsAndRestarts(Metered topology) {
        try (PythonBridge bridge = topology.start(metrics, TestingPython.config().build())) {
            metrics.bindTo(meters.registry);

            assertThrows(BridgeTimeoutException.class, () -> bridge.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(300))));

            Await.until("the timeout was counted", 30, () -> meters.timeouts() == 1);
            Await.until("the failed call was timed", 10, () -> meters.calls("exec", "timeout") == 1);
            assertEquals(1, meters.restarts());
            Await.until("the replacement serves", 30, () -> meters.starts() == topology.size + 1 && meters.workers("ready") == topology.size
                    && meters.workers("draining") == 0);
            assertEquals(0, meters.crashes(), "the stuck worker was stopped, not crashed");
        }
    }

    @ParameterizedTest
    @EnumSource(Metered.class)
    void workersThatDieJustAfterTheyStartOpenTheCircuit(Metered topology, @TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("dies_soon.py"), "import os, threading\nthreading.Timer(0.3, os._exit, (9,)).start()\n\n"
                + "def register(table):\n    pass\n");
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 3, Duration.ofMinutes(1))
                .withProbeInterval(Duration.ofMinutes(10));
        BridgeConfig config = TestingPython.config()
                .python(TestingPython.environment().withVariable("PYTHONPATH", folder.toString()))
                .extensions("dies_soon")
                .restartPolicy(policy)
                .build();
        try (PythonBridge bridge = topology.start(metrics, config)) {
            metrics.bindTo(meters.registry);

            // The gauge reads the circuit's state, the counter hears the event told just after it changed.
            Await.until("the circuit opened", 60, () -> meters.circuitOpen() == 1 && meters.counter("pybridge.circuit.openings") == 1);
            assertTrue(meters.crashes() >= policy.maxRestarts() + 1, "crashes: " + meters.crashes());
            assertThrows(CircuitOpenException.class, () -> bridge.eval("1"));
            Await.until("the refused call was timed", 10, () -> meters.calls("eval", "circuit_open") == 1);
        }
    }
}
