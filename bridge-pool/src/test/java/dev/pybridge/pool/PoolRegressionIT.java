package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.pybridge.pool.TestingPool.await;
import static dev.pybridge.pool.TestingPool.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defects a review found, each pinned by the scenario that showed it. */
@ExtendWith(NoProcessLeft.class)
class PoolRegressionIT {

    private final List<PooledBridge> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(PooledBridge::close);
    }

    @Test
    void aCancelledCallGivesItsWorkerBack() {
        PooledBridge pool = track(PooledBridge.start(config(1).build()));
        pool.submit(Call.exec("import time\ntime.sleep(0.3)")).cancel(true);
        assertEquals(2L, pool.call(Call.eval("1 + 1").withTimeout(Duration.ofSeconds(10))));
    }

    @Test
    void aCallAbandonedWithOrTimeoutGivesItsWorkerBack() {
        PooledBridge pool = track(PooledBridge.start(config(1).build()));
        CompletableFuture<Object> abandoned = pool.submit(Call.exec("import time\ntime.sleep(0.3)")).orTimeout(10, TimeUnit.MILLISECONDS);
        assertThrows(Exception.class, abandoned::join);
        assertEquals(2L, pool.call(Call.eval("1 + 1").withTimeout(Duration.ofSeconds(10))));
    }

    @Test
    void aCallCancelledWhileQueuedNeverRunsAndHoldsNoWorker() {
        PooledBridge pool = track(PooledBridge.start(config(1).build()));
        CompletableFuture<Object> busy = pool.submit(Call.exec("import time\ntime.sleep(0.3)"));
        CompletableFuture<Object> queued = pool.submit(Call.exec("ran = True"));
        queued.cancel(true);
        busy.join();
        assertEquals(false, pool.call(Call.eval("'ran' in globals()").withTimeout(Duration.ofSeconds(10))));
        assertEquals(0, pool.stats().queued());
    }

    @Test
    void anAllWorkersCallThatKillsItsWorkerIsDroppedNotReplayed() {
        PooledBridge pool = track(PooledBridge.start(config(2).build()));
        assertThrows(WorkerCrashedException.class, () -> pool.call(Call.exec("import os\nos._exit(3)").onAllWorkers()));
        await("both workers are back", 30, () -> pool.stats().workers(WorkerState.READY) == 2);
        assertEquals(2L, pool.eval("1 + 1"));
        assertFalse(pool.stats().circuitOpen());
        assertEquals(0, pool.stats().workerStartFailures(), "no replacement replayed the fatal call");
    }

    @Test
    void stateDefinedOnTheOldWorkerWhileTheSessionMovedIsNotLost() throws Exception {
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        PooledBridge pool = track(new PooledBridge(config(2).affinity(AffinityMode.PREFER).preferWait(Duration.ofMillis(20)).build(),
                new LocalProcessLauncher(), Set.of(events::add)));
        pool.call(Call.exec("import time").inSession("s").definingSession());
        CompletableFuture<Object> slow = pool.submit(Call.exec("time.sleep(2)\nx = 42").inSession("s").definingSession());
        pool.call(Call.eval("1").inSession("s"));
        assertTrue(events.stream().anyMatch(PoolEvent.SessionMoved.class::isInstance), "the session moved while the slow call ran");
        slow.get(30, TimeUnit.SECONDS);
        assertEquals(42L, pool.call(Call.eval("x").inSession("s")));
    }

    @Test
    void movingASessionAwayFromABusyWorkerDoesNotGetItReplaced() throws Exception {
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        PooledBridge pool = track(new PooledBridge(config(2).affinity(AffinityMode.PREFER).preferWait(Duration.ofMillis(20))
                .cancelGrace(Duration.ofMillis(200)).build(), new LocalProcessLauncher(), Set.of(events::add)));
        pool.call(Call.exec("import time").inSession("s").definingSession());
        CompletableFuture<Object> slow = pool.submit(Call.exec("time.sleep(1.5)").inSession("s"));
        pool.call(Call.eval("1").inSession("s"));
        slow.get(30, TimeUnit.SECONDS);
        assertEquals(0, pool.stats().workersReplaced(), events.toString());
        assertTrue(events.stream().noneMatch(PoolEvent.WorkerTimedOut.class::isInstance), events.toString());
    }

    @Test
    void concurrentAllWorkersCallsReachEveryWorker() throws Exception {
        PooledBridge pool = track(PooledBridge.start(config(2).build()));
        pool.call(Call.exec("applied = set()").onAllWorkers());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                calls.add(threads.submit(() -> pool.call(Call.exec("applied.add(" + n + ")").onAllWorkers())));
            }
            for (Future<Object> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            threads.shutdownNow();
        }
        // Two slow calls at once occupy both workers, so each answers once.
        List<CompletableFuture<Object>> counts = List.of(
                pool.submit(Call.exec("import time\ntime.sleep(0.3)\nlen(applied)")),
                pool.submit(Call.exec("import time\ntime.sleep(0.3)\nlen(applied)")));
        for (CompletableFuture<Object> count : counts) {
            assertEquals(40L, count.get(30, TimeUnit.SECONDS), "every all-workers call reached every worker before it returned");
        }
    }

    private PooledBridge track(PooledBridge pool) {
        pools.add(pool);
        return pool;
    }
}
