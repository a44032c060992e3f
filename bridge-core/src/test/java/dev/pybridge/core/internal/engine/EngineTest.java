package dev.pybridge.core.internal.engine;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.PoolExhaustedException;
import dev.pybridge.core.internal.engine.FakeWorker.Hold;
import dev.pybridge.core.internal.engine.FakeWorker.Request;
import dev.pybridge.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine, deterministically: workers played by {@link FakeWorker}s over real pipes and the
 * real protocol, and time moved by hand ({@link ManualTime}), so that queue order, affinity
 * waits, recycling, the all-workers calls and the start governor are tested without a sleep.
 * Waits with a deadline stand only for hand-offs between threads.
 */
class EngineTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final ManualTime time = new ManualTime();
    private final List<Engine> engines = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(Engine::close);
    }

    @Test
    void callersWaitingForABusyWorkerAreServedInArrivalOrder() throws Exception {
        FakeLauncher launcher = new FakeLauncher(index -> request -> new Hold());
        Engine engine = start(config(1, 1, false, Duration.ZERO), launcher);
        FakeWorker worker = launcher.get(0);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(engine.submit(Call.eval("c" + i)));
        }
        CompletableFuture<Object> impatient = engine.submit(Call.eval("impatient").withTimeout(Duration.ofSeconds(1)));
        calls.add(engine.submit(Call.eval("c4")));
        for (int i = 0; i < 5; i++) {
            int n = i;
            Await.until("call " + n + " reaches the worker", 10, () -> worker.held().size() == 1);
            Request request = worker.held().get(0);
            assertEquals("c" + n, request.args().get("code"), "the calls reach the worker in the order they came");
            if (n == 1) {
                time.advance(Duration.ofSeconds(1));
                ExecutionException exhausted = assertThrows(ExecutionException.class, () -> impatient.get(10, TimeUnit.SECONDS));
                assertInstanceOf(PoolExhaustedException.class, exhausted.getCause(), "its deadline passed while it waited");
            }
            worker.release(request, (long) n);
            assertEquals((long) n, calls.get(n).get(10, TimeUnit.SECONDS));
        }
        assertFalse(worker.commands().contains("impatient"));
    }

    @Test
    void aSessionWaitsForItsBusyWorkerForPreferWaitThenMovesWithItsState() throws Exception {
        FakeLauncher launcher = new FakeLauncher(index -> holdingOnCode("hold"));
        Engine engine = start(config(2, 1, false, Duration.ofMillis(50)), launcher);
        assertEquals("def f", engine.call(Call.exec("def f").inSession("s").definingSession()));
        FakeWorker home = workerThatReceived(launcher, "def f");
        FakeWorker other = launcher.launched().stream().filter(worker -> worker != home).findFirst().orElseThrow();
        engine.submit(Call.exec("hold").inSession("s"));
        Await.until("the session's worker is busy", 10, () -> home.held().size() == 1);
        CompletableFuture<Object> waiting = engine.submit(Call.eval("after").inSession("s"));
        time.advance(Duration.ofMillis(49));
        assertFalse(waiting.isDone(), "it waits for its session's worker while the wait is shorter than preferWait");
        assertFalse(other.commands().contains("after"));
        time.advance(Duration.ofMillis(1));
        assertEquals("after", waiting.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("session.close", "exec", "eval"), other.commands(),
                "on the other worker, the session is cleared, rebuilt from its recorded call, then served");
        assertEquals("def f", other.received().get(1).args().get("code"));
        assertTrue(events.contains("moved s"), events.toString());
    }

    @Test
    void withStrictAffinityASessionWaitsForItsWorkerWhateverTheTime() throws Exception {
        FakeLauncher launcher = new FakeLauncher(index -> holdingOnCode("hold"));
        Engine engine = start(config(2, 1, true, Duration.ZERO), launcher);
        engine.call(Call.exec("def f").inSession("s").definingSession());
        FakeWorker home = workerThatReceived(launcher, "def f");
        engine.submit(Call.exec("hold").inSession("s"));
        Await.until("the session's worker is busy", 10, () -> home.held().size() == 1);
        CompletableFuture<Object> waiting = engine.submit(Call.eval("after").inSession("s").withTimeout(LONG));
        time.advance(Duration.ofMinutes(10));
        assertFalse(waiting.isDone(), "a strict session never moves to a free worker");
        home.release(home.held().get(0), "done");
        assertEquals("after", waiting.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("exec", "exec", "eval"), home.commands());
    }

    @Test
    void aRecycledWorkerFinishesItsCallsAfterItsReplacementServes() throws Exception {
        FakeLauncher launcher = new FakeLauncher(index -> holdingOnCode("hold"));
        Engine engine = start(config(1, 1, false, Duration.ZERO), launcher);
        FakeWorker old = launcher.get(0);
        CompletableFuture<Object> running = engine.submit(Call.exec("hold"));
        Await.until("the call runs", 10, () -> old.held().size() == 1);
        engine.recycle(engine.servingSlots().get(0), "worn");
        Await.until("the replacement serves", 10, () -> engine.stats().workers().getOrDefault(SlotState.READY, 0) == 1
                && engine.stats().workers().getOrDefault(SlotState.DRAINING, 0) == 1);
        assertEquals("next", engine.call(Call.eval("next")), "new calls go to the replacement");
        assertEquals(List.of("eval"), launcher.get(1).commands());
        assertFalse(old.commands().contains("shutdown"), "the old worker is not stopped while it has a call");
        old.release(old.held().get(0), "finished");
        assertEquals("finished", running.get(10, TimeUnit.SECONDS));
        Await.until("the old worker is stopped once idle", 10, () -> !old.isAlive());
        assertEquals("shutdown", old.received().get(old.received().size() - 1).command());
        assertEquals(1, engine.stats().recycled());
        assertTrue(events.contains("recycled " + "e-w1"), events.toString());
    }

    @Test
    void callsForAllWorkersReachTheBusyOnesWhenTheyFreeUpAndEveryWorkerStartedLater() throws Exception {
        FakeLauncher launcher = new FakeLauncher(index -> holdingOnCode("hold"));
        Engine engine = start(config(2, 1, false, Duration.ZERO), launcher);
        FakeWorker busy = launcher.get(0);
        FakeWorker free = launcher.get(1);
        engine.submit(Call.exec("hold"));
        Await.until("one worker is busy", 10, () -> busy.held().size() + free.held().size() == 1);
        FakeWorker held = busy.held().isEmpty() ? free : busy;
        FakeWorker idle = held == busy ? free : busy;
        CompletableFuture<Object> setup = engine.submit(Call.exec("setup").onAllWorkers());
        Await.until("the idle worker ran it", 10, () -> idle.commands().contains("exec") && idle.commands().size() == 1);
        assertFalse(setup.isDone(), "it completes once every worker serving now has run it");
        assertFalse(held.commands().contains("setup"));
        held.release(held.held().get(0), "done");
        assertEquals("setup", setup.get(10, TimeUnit.SECONDS));
        assertEquals("setup", held.received().get(held.received().size() - 1).args().get("code"));

        time.advance(RestartPolicy.DEFAULT_STABLE_AFTER);
        held.exit(9);
        Await.until("a replacement started", 10, () -> launcher.launched().size() == 3 && readyCount(engine) == 2);
        FakeWorker replacement = launcher.get(2);
        assertEquals("setup", replacement.received().get(0).args().get("code"), "a new worker runs it before anything else");
    }

    @Test
    void workersThatDieJustAfterTheyStartAreRestartedAfterAGrowingBackoffUntilTheCircuitOpens() throws Exception {
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 2, Duration.ofMinutes(1))
                .withProbeInterval(Duration.ofSeconds(30));
        FakeLauncher launcher = FakeLauncher.echoing();
        Engine engine = start(new EngineConfig("e", bridge().restartPolicy(policy).build(), 1, 1, 10, false, Duration.ZERO,
                Duration.ofSeconds(1)), launcher);
        for (long backoff : new long[] {100, 200}) {
            dieAndAwaitNotice(engine, launcher);
            int before = launcher.launched().size();
            time.advance(Duration.ofMillis(backoff - 1));
            assertEquals(before, launcher.launched().size(), "no start before the backoff has passed");
            // The start it triggers runs on another thread, and may be under way before advance() returns.
            time.advance(Duration.ofMillis(1));
            Await.until("a replacement started after " + backoff + " ms", 10, () -> launcher.launched().size() == before + 1
                    && readyCount(engine) == 1);
        }
        dieAndAwaitNotice(engine, launcher);
        assertTrue(engine.stats().circuitOpen(), "the third failure within the window is past maxRestarts (2)");
        assertThrows(CircuitOpenException.class, () -> engine.call(Call.eval("1")));
        time.advance(Duration.ofSeconds(29));
        assertEquals(3, launcher.launched().size(), "no start while the circuit is open");
        time.advance(Duration.ofSeconds(1));
        Await.until("the probe start closed the circuit", 10, () -> !engine.stats().circuitOpen() && readyCount(engine) == 1);
        assertEquals(4, launcher.launched().size());
        assertEquals("1", engine.call(Call.eval("1")));
        assertTrue(events.containsAll(List.of("circuit opened", "circuit closed")), events.toString());
    }

    @Test
    void aWorkerThatDiesAfterItServedLongEnoughIsReplacedAtOnceAndNotCounted() throws Exception {
        FakeLauncher launcher = FakeLauncher.echoing();
        Engine engine = start(config(1, 1, false, Duration.ZERO), launcher);
        time.advance(RestartPolicy.DEFAULT_STABLE_AFTER);
        launcher.get(0).exit(9);
        Await.until("a replacement serves, without a backoff", 10, () -> launcher.launched().size() == 2 && readyCount(engine) == 1);
        assertEquals(1, engine.stats().crashes());
        assertFalse(engine.stats().circuitOpen());
    }

    @Test
    void aWorkerWhoseProcessEndedTakesNoNewCallWhileTheEndOfItsRepliesIsAwaited() throws Exception {
        FakeLauncher launcher = FakeLauncher.echoing();
        Engine engine = start(config(2, 1, false, Duration.ZERO), launcher);
        FakeWorker exited = launcher.get(0);
        exited.exitKeepingPipes(137);
        Await.until("the engine saw the exit", 10, () -> engine.servingSlots().stream().anyMatch(slot -> !slot.isAlive()));
        for (int i = 0; i < 4; i++) {
            assertEquals("c" + i, engine.submit(Call.eval("c" + i)).get(10, TimeUnit.SECONDS));
        }
        assertFalse(exited.commands().stream().anyMatch(command -> command.equals("eval")), exited.commands().toString());
    }

    private void dieAndAwaitNotice(Engine engine, FakeLauncher launcher) {
        long crashes = engine.stats().crashes();
        launcher.get(launcher.launched().size() - 1).exit(9);
        Await.until("the death was noticed", 10, () -> engine.stats().crashes() == crashes + 1);
    }

    private Engine start(EngineConfig config, FakeLauncher launcher) {
        Engine engine = new Engine(config, launcher, SessionStore.unbounded(), new Recorder(),
                slot -> CompletableFuture.completedFuture(null), EarlyLaunches.none(), new EngineThreads("test"), time);
        engines.add(engine);
        engine.startAll();
        return engine;
    }

    private static EngineConfig config(int size, int maxInFlight, boolean strict, Duration preferWait) {
        return new EngineConfig("e", bridge().build(), size, maxInFlight, 100, strict, preferWait, Duration.ofSeconds(1));
    }

    private static BridgeConfig.Builder bridge() {
        return BridgeConfig.builder().callTimeout(LONG).startupTimeout(LONG).shutdownGrace(Duration.ofSeconds(2));
    }

    // Holds the requests whose code is `code`, answers the others with their code (or their value).
    private static Function<Request, FakeWorker.Action> holdingOnCode(String code) {
        return request -> code.equals(request.args().get("code")) ? new Hold() : FakeLauncher.echo(request);
    }

    private static FakeWorker workerThatReceived(FakeLauncher launcher, String code) {
        return launcher.launched().stream().filter(worker -> worker.received().stream().anyMatch(request -> code.equals(request.args().get("code"))))
                .findFirst().orElseThrow();
    }

    private static int readyCount(Engine engine) {
        return engine.stats().workers().getOrDefault(SlotState.READY, 0);
    }

    /** Notes the events the tests look for. */
    private final class Recorder implements EngineListener {
        @Override
        public void sessionMoved(String session, String from, String to) {
            events.add("moved " + session);
        }

        @Override
        public void workerRecycled(String worker, String reason) {
            events.add("recycled " + worker);
        }

        @Override
        public void circuitOpened(int failures, String lastFailure) {
            events.add("circuit opened");
        }

        @Override
        public void circuitClosed() {
            events.add("circuit closed");
        }
    }
}
