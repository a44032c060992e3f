package dev.pybridge.micrometer;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What only a pool shows, with real Python workers: callers queued, a worker draining, and recycling. */
@ExtendWith(NoProcessLeft.class)
class PoolMetricsIT {

    @TempDir
    Path folder;

    private final TestingMeters meters = new TestingMeters();
    private final PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();

    @Test
    void aCallerWaitingForTheOnlyWorkerShowsInTheQueue() throws Exception {
        try (PooledBridge pool = metrics.startPool(PoolConfig.builder().bridge(TestingPython.config().build()).size(1).build())) {
            metrics.bindTo(meters.registry);
            CompletableFuture<Object> busy = pool.submit(Call.exec(runUntil("release")));
            Await.until("the worker is busy", 30, () -> Files.exists(folder.resolve("running")));
            CompletableFuture<Object> waiting = pool.submit(Call.eval("6 * 7"));

            Await.until("the second caller is queued", 30, () -> meters.queued() == 1);
            assertEquals(1, meters.workers("ready"));

            Files.createFile(folder.resolve("release"));
            busy.get(30, TimeUnit.SECONDS);
            assertEquals(42L, waiting.get(30, TimeUnit.SECONDS));
            assertEquals(0, meters.queued());
        }
    }

    @Test
    void aWorkerWhoseCallTimedOutShowsAsDrainingUntilItsCallEnds() throws Exception {
        PoolConfig config = PoolConfig.builder().bridge(TestingPython.config().build()).size(1).cancelGrace(Duration.ofSeconds(60)).build();
        try (PooledBridge pool = metrics.startPool(config)) {
            metrics.bindTo(meters.registry);
            assertThrows(BridgeTimeoutException.class, () -> pool.call(Call.exec(runUntil("release")).withTimeout(Duration.ofMillis(500))));

            Await.until("the stuck worker drains beside its replacement", 30,
                    () -> meters.workers("draining") == 1 && meters.workers("ready") == 1 && meters.timeouts() == 1);

            Files.createFile(folder.resolve("release"));
            Await.until("the stuck worker stopped once its call ended", 30, () -> meters.workers("draining") == 0);
            assertEquals(1, meters.workers("ready"));
        }
    }

    @Test
    void workersPastTheirCallLimitAreRecycled() {
        PoolConfig config = PoolConfig.builder().bridge(TestingPython.config().build()).size(1).maxCallsPerWorker(3).build();
        try (PooledBridge pool = metrics.startPool(config)) {
            metrics.bindTo(meters.registry);
            for (int i = 0; i < 3; i++) {
                pool.eval("1");
            }
            Await.until("the worker was recycled", 30, () -> meters.counter("pybridge.worker.recycles") == 1);
            Await.until("its replacement serves alone", 30, () -> meters.starts() == 2 && meters.workers("ready") == 1
                    && meters.workers("draining") == 0);
            assertEquals(0, meters.restarts(), "recycling is no restart");
            assertEquals(0, meters.crashes());
        }
    }

    // Python that marks that it runs, then waits until the test creates the file {@code name}.
    private String runUntil(String name) {
        String running = folder.resolve("running").toString();
        String release = folder.resolve(name).toString();
        return "import os, time\nopen(" + quoted(running) + ", 'w').close()\nwhile not os.path.exists(" + quoted(release) + "):\n"
                + "    time.sleep(0.01)";
    }

    private static String quoted(String path) {
        return "'" + path.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
