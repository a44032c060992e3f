package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recycling by resident memory, with real workers that really grow: under steady load, when no
 * worker is ever idle, and with pool-wide state that alone exceeds the limit.
 */
@ExtendWith(NoProcessLeft.class)
class MemoryRecyclingIT {

    private static final long MIB = 1024 * 1024;

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopCallers() {
        loading.set(false);
        callers.shutdownNow();
    }

    @Test
    void aWorkerThatGrowsUnderSteadyLoadIsRecycled() {
        PoolConfig config = TestingPool.config(1).maxInFlightPerWorker(1).maxWorkerRssBytes(200 * MIB)
                .healthCheckInterval(Duration.ofMillis(200)).build();
        try (PooledBridge pool = new PooledBridge(config, new LocalProcessLauncher(), Set.of(events::add))) {
            // Two callers back to back on one worker: one call runs while the other waits, so the worker is never idle.
            for (int caller = 0; caller < 2; caller++) {
                callers.execute(() -> {
                    while (loading.get()) {
                        pool.call(Call.exec("import time\nglobals().setdefault('hoard', []).append(b'x' * 8_000_000)\ntime.sleep(0.02)"));
                    }
                });
            }
            Await.until("the growing worker was recycled while the load went on", 60,
                    () -> events.stream().anyMatch(event -> event instanceof PoolEvent.WorkerRecycled recycled
                            && recycled.reason().startsWith("resident memory")));
            assertTrue(loading.get());
        }
    }

    @Test
    void poolWideStateOverTheLimitIsReportedOnceAndNeverRecycledInALoop() {
        PoolConfig config = TestingPool.config(1).maxWorkerRssBytes(60 * MIB).healthCheckInterval(Duration.ofMillis(100)).build();
        try (PooledBridge pool = new PooledBridge(config, new LocalProcessLauncher(), Set.of(events::add))) {
            // The worker has served calls when the ballast comes: it is recycled once, and its replacement, over the limit
            // with the ballast alone before serving anything, is reported.
            for (int i = 0; i < 3; i++) {
                assertEquals(2L, pool.eval("1 + 1"));
            }
            pool.call(Call.exec("ballast = b'x' * 100_000_000").onAllWorkers());
            Await.until("the unreachable limit was reported", 60,
                    () -> events.stream().anyMatch(PoolEvent.MemoryLimitUnreachable.class::isInstance));
            long recycled = pool.stats().workersRecycled();
            long started = pool.stats().workersStarted();
            awaitHealthChecks(pool, 10);
            assertEquals(recycled, pool.stats().workersRecycled(), "no worker was recycled after the report");
            assertEquals(started, pool.stats().workersStarted());
            assertEquals(1, events.stream().filter(PoolEvent.MemoryLimitUnreachable.class::isInstance).count(), "reported once");
            PoolEvent.MemoryLimitUnreachable report = events.stream().filter(PoolEvent.MemoryLimitUnreachable.class::isInstance)
                    .map(PoolEvent.MemoryLimitUnreachable.class::cast).findFirst().orElseThrow();
            assertTrue(report.rssBytes() > report.limitBytes(), report.toString());
            assertEquals(1, recycled, "the worker that had served calls was recycled, its replacement not");
        }
    }

    // The worker's request count grows by our own stats calls and by the health checks' ones: wait for the latter.
    private static void awaitHealthChecks(PooledBridge pool, int checks) {
        long first = requests(pool);
        long[] ours = {1};
        Await.until(checks + " more health checks ran", 60, () -> {
            ours[0]++;
            return requests(pool) - first - ours[0] >= checks;
        });
    }

    private static long requests(PooledBridge pool) {
        return (Long) ((Map<?, ?>) pool.call(Call.of("stats"))).get("requests");
    }
}
