package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PoolExhaustedException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pybridge.pool.TestingPool.await;
import static dev.pybridge.pool.TestingPool.config;
import static dev.pybridge.pool.TestingPool.killMinusNine;
import static dev.pybridge.pool.TestingPool.workerPids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoProcessLeft.class)
class PooledBridgeIT {

    private final List<PooledBridge> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(PooledBridge::close);
    }

    @Test
    void workersStartInParallel() {
        CountDownLatch allLaunched = new CountDownLatch(4);
        LocalProcessLauncher local = new LocalProcessLauncher();
        // Each launch waits until all four have begun: a pool that started them one by one would time out here.
        WorkerLauncher launcher = spec -> {
            allLaunched.countDown();
            try {
                assertTrue(allLaunched.await(30, TimeUnit.SECONDS), "the four starts did not overlap");
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return local.launch(spec);
        };
        PooledBridge pool = track(new PooledBridge(config(4).build(), launcher, Set.of()));
        assertEquals(4, pool.stats().workers(WorkerState.READY));
        assertEquals(4, new HashSet<>(pids(pool, 40)).size(), "calls reach all four workers");
    }

    @Test
    void anEagerPoolRetriesAStartThatFails() {
        AtomicInteger launches = new AtomicInteger();
        LocalProcessLauncher local = new LocalProcessLauncher();
        WorkerLauncher firstDies = spec -> {
            WorkerProcess process = local.launch(spec);
            if (launches.incrementAndGet() == 1) {
                process.kill();
            }
            return process;
        };
        PooledBridge pool = track(new PooledBridge(config(2).build(), firstDies, Set.of()));
        assertEquals(2, pool.stats().workers(WorkerState.READY));
        assertEquals(1, pool.stats().workerStartFailures());
        assertEquals(3, launches.get());
    }

    @Test
    void anEagerPoolWithAMissingInterpreterFailsAtOnce() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class, () -> PooledBridge.start(
                config(2).bridge(TestingPool.bridge().python("/no/such/python").build()).build()));
        assertTrue(error.getMessage().contains("'/no/such/python' was not found"), error.getMessage());
    }

    @Test
    void anUnknownCommandDoesNotTakeThePoolDown() {
        PooledBridge pool = start(config(2));
        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> pool.call(Call.of("invalid_command")));
        assertEquals(InvalidRequestException.Reason.UNKNOWN_COMMAND, error.reason());
        assertEquals(3L, pool.eval("1 + 2"));
        assertEquals(0, pool.stats().workersReplaced());
        assertEquals(2, pool.stats().workers(WorkerState.READY));
    }

    @Test
    void aSessionIsRebuiltWithItsDefinitionsAfterItsWorkerIsKilled() throws Exception {
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        PooledBridge pool = track(new PooledBridge(config(2).build(), new LocalProcessLauncher(), Set.of(events::add)));
        pool.call(Call.exec("import os\ndef triple(x):\n    return 3 * x\nname = 'ada'").inSession("s").definingSession());
        long pid = (Long) pool.call(Call.eval("os.getpid()").inSession("s"));
        String firstWorker = pool.session("s").orElseThrow().worker().orElseThrow();

        killMinusNine(pid);
        await("the pool replaced the killed worker", 20, () -> pool.stats().workersReplaced() == 1);

        assertEquals(63L, pool.call(Call.invoke("triple", 21).inSession("s")));
        assertEquals("ada", pool.call(Call.eval("name").inSession("s")));
        assertNotEquals(pid, pool.call(Call.eval("os.getpid()").inSession("s")));
        SessionInfo session = pool.session("s").orElseThrow();
        assertEquals(1, session.moves());
        assertEquals(1, session.recordedCalls());
        assertNotEquals(firstWorker, session.worker().orElseThrow());
        assertTrue(events.stream().anyMatch(event -> event instanceof PoolEvent.SessionMoved moved && moved.session().equals("s")
                && moved.from().equals(firstWorker)), events.toString());
    }

    @Test
    void strictAffinityWaitsForTheSessionsWorker() throws Exception {
        PooledBridge pool = start(config(2).affinity(AffinityMode.STRICT));
        long home = (Long) pool.call(Call.exec("import os\nos.getpid()").inSession("s").definingSession());
        CompletableFuture<Object> busy = pool.submit(Call.exec("import time\ntime.sleep(0.5)\nos.getpid()").inSession("s"));
        Object next = pool.call(Call.eval("os.getpid()").inSession("s"));
        assertEquals(home, busy.get(30, TimeUnit.SECONDS));
        assertEquals(home, next, "the second call waited for the session's worker");
        assertEquals(0, pool.session("s").orElseThrow().moves());
    }

    @Test
    void preferredAffinityMovesABusySessionToAFreeWorker() throws Exception {
        PooledBridge pool = start(config(2).affinity(AffinityMode.PREFER).preferWait(Duration.ofMillis(20)));
        long home = (Long) pool.call(Call.exec("import os\ncounter = 41\nos.getpid()").inSession("s").definingSession());
        CompletableFuture<Object> busy = pool.submit(Call.exec("import time\ntime.sleep(2)").inSession("s"));

        Object elsewhere = pool.call(Call.eval("(os.getpid(), counter + 1)").inSession("s"));

        assertNotEquals(home, ((List<?>) elsewhere).get(0), "the call did not wait for the busy worker");
        assertEquals(42L, ((List<?>) elsewhere).get(1), "the session's state was rebuilt on the other worker");
        assertEquals(1, pool.session("s").orElseThrow().moves());
        busy.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aDeadlinePassedWhileQueueingIsPoolExhaustion() throws Exception {
        PooledBridge pool = start(config(1));
        CompletableFuture<Object> busy = pool.submit(Call.exec("import time\ntime.sleep(1.5)\n'done'"));
        PoolExhaustedException error = assertThrows(PoolExhaustedException.class,
                () -> pool.call(Call.eval("1").withTimeout(Duration.ofMillis(300))));
        assertTrue(error.getMessage().contains("no worker of pool"), error.getMessage());
        assertTrue(error.isRetryable());
        assertEquals("done", busy.get(30, TimeUnit.SECONDS), "the queued call's timeout hurt no one else");
        assertEquals(0, pool.stats().workersReplaced());
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        PooledBridge pool = start(config(1).maxQueued(1));
        CompletableFuture<Object> busy = pool.submit(Call.exec("import time\ntime.sleep(1)"));
        CompletableFuture<Object> queued = pool.submit(Call.eval("2"));
        await("the second call is queued", 10, () -> pool.stats().queued() == 1);
        PoolExhaustedException refused = assertThrows(PoolExhaustedException.class, () -> pool.eval("3"));
        assertTrue(refused.getMessage().contains("callers waiting, its limit (maxQueued)"), refused.getMessage());
        busy.get(30, TimeUnit.SECONDS);
        assertEquals(2L, queued.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aDeadlinePassedWhileRunningReplacesTheWorker() throws Exception {
        PooledBridge pool = start(config(2).cancelGrace(Duration.ofMillis(200)));
        Set<Long> before = Set.copyOf(workerPids());
        BridgeTimeoutException timeout = assertThrows(BridgeTimeoutException.class,
                () -> pool.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(400))));
        assertTrue(timeout.getMessage().contains("400 ms"), timeout.getMessage());
        await("the stuck worker was killed and replaced", 20,
                () -> pool.stats().workers(WorkerState.READY) == 2 && workerPids().stream().filter(before::contains).count() == 1);
        assertEquals(1, pool.stats().workersReplaced());
        for (int i = 0; i < 20; i++) {
            assertEquals((long) i, pool.call(Call.echo(i)), "no late reply reaches a later caller");
        }
    }

    @Test
    void recyclingByCallCountFailsNoCall() throws Exception {
        PooledBridge pool = start(config(2).maxCallsPerWorker(20));
        Set<Long> first = Set.copyOf(workerPids());
        for (int round = 1; round <= 3; round++) {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                calls.add(pool.submit(Call.invoke("operator:add", i, round)));
            }
            for (int i = 0; i < calls.size(); i++) {
                assertEquals((long) i + round, calls.get(i).get(60, TimeUnit.SECONDS));
            }
            long recycled = round;
            await("recycle " + round + " finished", 30, () -> pool.stats().workersRecycled() >= recycled
                    && pool.stats().workers(WorkerState.READY) == 2 && pool.stats().workers().size() == 1);
        }
        PoolStats stats = pool.stats();
        assertEquals(0, stats.errors().size(), stats.toString());
        assertEquals(0, stats.workersReplaced(), stats.toString());
        await("recycled workers are stopped", 20, () -> workerPids().size() == 2);
        assertTrue(workerPids().stream().noneMatch(first::contains), "both first workers were recycled: " + stats);
    }

    @Test
    void allWorkersCallsReachWorkersStartedLater() throws Exception {
        PooledBridge pool = start(config(2));
        assertEquals("configured", pool.call(Call.exec("LM = 'configured'\nLM").onAllWorkers()));
        assertEquals(Set.of("configured"), Set.copyOf(valuesOnAllWorkers(pool, "LM")));

        for (long pid : workerPids()) {
            killMinusNine(pid);
        }
        await("both workers were replaced", 30, () -> pool.stats().workersReplaced() == 2 && pool.stats().workers(WorkerState.READY) == 2);
        assertEquals(Set.of("configured"), Set.copyOf(valuesOnAllWorkers(pool, "LM")));
    }

    @Test
    void anAllWorkersCallThatFailsIsDroppedNotReplayed() throws Exception {
        PooledBridge pool = start(config(2));
        PythonException error = assertThrows(PythonException.class,
                () -> pool.call(Call.exec("raise RuntimeError('no such model')").onAllWorkers()));
        assertEquals("no such model", error.pythonMessage());

        killMinusNine(workerPids().get(0));
        await("the replacement started, without replaying the failed call", 30,
                () -> pool.stats().workersReplaced() == 1 && pool.stats().workers(WorkerState.READY) == 2);
        assertFalse(pool.stats().circuitOpen());
    }

    @Test
    void closingDrainsCallsInFlight() throws Exception {
        PooledBridge pool = start(config(2));
        CompletableFuture<Object> inFlight = pool.submit(Call.exec("import time\ntime.sleep(0.5)\n'finished'"));
        pool.close();
        assertEquals("finished", inFlight.get(1, TimeUnit.SECONDS));
        assertTrue(workerPids().isEmpty(), "no worker outlives close");
    }

    @Test
    void eventsAndStatsCountWhatHappened() {
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        PooledBridge pool = track(new PooledBridge(config(2).build(), new LocalProcessLauncher(), Set.of(events::add)));
        for (int i = 0; i < 10; i++) {
            pool.eval("1");
        }
        assertThrows(BridgeException.class, () -> pool.eval("1 / 0"));
        PoolStats stats = pool.stats();
        assertEquals(11, stats.calls());
        assertEquals(1L, stats.errors().get(ErrorCategory.PYTHON));
        assertTrue(stats.p50Micros() > 0 && stats.p99Micros() >= stats.p50Micros(), stats.toString());
        assertEquals(2, events.stream().filter(PoolEvent.WorkerStarted.class::isInstance).count());
        assertEquals(11, events.stream().filter(PoolEvent.CallCompleted.class::isInstance).count());
    }

    private List<Object> valuesOnAllWorkers(PooledBridge pool, String name) throws Exception {
        // Two slow calls at once occupy both workers, so each answers once.
        List<CompletableFuture<Object>> answers = List.of(
                pool.submit(Call.exec("import time\ntime.sleep(0.3)\n" + name)),
                pool.submit(Call.exec("import time\ntime.sleep(0.3)\n" + name)));
        List<Object> values = new ArrayList<>();
        for (CompletableFuture<Object> answer : answers) {
            values.add(answer.get(30, TimeUnit.SECONDS));
        }
        return values;
    }

    private static List<Long> pids(PooledBridge pool, int calls) {
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(pool.submit(Call.exec("import os, time\ntime.sleep(0.05)\nos.getpid()")));
        }
        return answers.stream().map(answer -> {
            try {
                return (Long) answer.get(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private PooledBridge start(PoolConfig.Builder config) {
        return track(PooledBridge.start(config.build()));
    }

    private PooledBridge track(PooledBridge pool) {
        pools.add(pool);
        return pool;
    }
}
