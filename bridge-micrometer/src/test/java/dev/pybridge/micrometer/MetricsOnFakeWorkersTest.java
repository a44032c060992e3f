package dev.pybridge.micrometer;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testing.Await;
import dev.pybridge.testkit.Fault;
import dev.pybridge.testkit.fake.FakeWorkerLauncher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The meters over the testkit's bridge-mock layer: the real pool and engine, fake workers in the JVM, no Python. */
class MetricsOnFakeWorkersTest {

    private final TestingMeters meters = new TestingMeters();
    private final PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();

    @Test
    void aWorkerThatCrashesOnACommandMovesCrashesAndRestartsAndThePoolServesOn() {
        FakeWorkerLauncher crashingOnEval = FakeWorkerLauncher.withFaults(List.of(Fault.crashOn("eval")));
        try (PooledBridge pool = metrics.watch(new PooledBridge(PoolConfig.builder().size(2).build(), crashingOnEval, Set.of(metrics)))) {
            metrics.bindTo(meters.registry);

            assertThrows(WorkerCrashedException.class, () -> pool.eval("1"));

            Await.until("the crash counted and the worker replaced", 30,
                    () -> meters.crashes() == 1 && meters.restarts() == 1 && meters.workers("ready") == 2);
            assertEquals(3.0, meters.starts());
            assertEquals("still", pool.call(Call.echo("still")));
        }
    }
}
