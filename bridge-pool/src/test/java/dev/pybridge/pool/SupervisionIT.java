package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failures the one engine must survive, held against both bridges with real Python and real
 * signals: a crash loop, a death hidden by a child holding the worker's pipes, a timeout beside
 * calls queued on the same worker, an interrupted caller, a request too large for a busy worker's
 * pipe, closing in every state, and a start killed before the worker was ready.
 */
@ExtendWith(NoProcessLeft.class)
class SupervisionIT {

    // A C library that forks (no Python at-fork hooks run): the child keeps every descriptor of the worker.
    private static final String FORK_WITHOUT_HOOKS = String.join("\n",
            "import ctypes",
            "libc = ctypes.CDLL(None)",
            "pid = libc.fork()",
            "if pid == 0:",
            "    libc.pause()",
            "    libc._exit(0)",
            "pid");

    @TempDir
    Path folder;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void workersThatDieJustAfterTheyStartOpenTheCircuitWithinTheRestartPolicy(Topology topology) throws Exception {
        Files.writeString(folder.resolve("dies_soon.py"), "import os, threading\nthreading.Timer(0.3, os._exit, (9,)).start()\n\n"
                + "def register(table):\n    pass\n");
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 3, Duration.ofMinutes(1))
                .withProbeInterval(Duration.ofMinutes(10));
        BridgeConfig config = TestingPython.config()
                .python(TestingPython.environment().withVariable("PYTHONPATH", folder.toString()))
                .extensions("dies_soon")
                .restartPolicy(policy)
                .build();
        try (PythonBridge bridge = topology.start(config)) {
            Await.until("the circuit opened", 60, () -> topology.counts(bridge).circuitOpen());
            assertEquals(policy.maxRestarts() + 1, topology.counts(bridge).workersStarted(),
                    "each of the failures that opened the circuit is a worker that started, and none started after");
            CircuitOpenException refused = assertThrows(CircuitOpenException.class, () -> bridge.eval("1"));
            assertTrue(refused.getMessage().contains("died with exit code 9"), refused.getMessage());
            assertTrue(refused.getMessage().contains("ms after it became ready"), refused.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("bridgesAndCallers")
    void aWorkerThatDiesWhileAChildItForkedHoldsItsPipesFailsItsCallsAtOnce(Topology topology, boolean synchronous) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            long worker = pid(bridge);
            long child = ((Number) bridge.exec(FORK_WITHOUT_HOOKS)).longValue();
            Path running = folder.resolve("running");
            Call sleeping = Call.exec(touch(running) + "import time\ntime.sleep(60)").withTimeout(Duration.ofSeconds(120));
            CompletableFuture<Object> inFlight = synchronous
                    ? CompletableFuture.supplyAsync(() -> bridge.call(sleeping), callers)
                    : bridge.submit(sleeping);
            Await.until("the call runs", 30, () -> Files.exists(running));
            Duration noticed = Await.timed(() -> {
                Processes.killMinusNine(worker);
                ExecutionException failure = assertThrows(ExecutionException.class, () -> inFlight.get(60, TimeUnit.SECONDS));
                WorkerCrashedException crashed = assertInstanceOf(WorkerCrashedException.class, failure.getCause());
                assertEquals(OptionalInt.of(9), crashed.signal());
            });
            // Read from the process, not from the pipe the child holds: long before the call's deadline of 120 s.
            assertTrue(noticed.compareTo(Duration.ofSeconds(5)) < 0, "the death was noticed after " + noticed);
            Processes.awaitGone(child);
            assertEquals(2L, bridge.eval("1 + 1"), "a new worker serves");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void anIdempotentCallOnAWorkerThatDiedBehindAForkedChildIsSentAgain(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            long worker = pid(bridge);
            long child = ((Number) bridge.exec(FORK_WITHOUT_HOOKS)).longValue();
            Path running = folder.resolve("running");
            // Slow on the worker it first reaches only.
            Call call = Call.exec("import os, time\nif os.getpid() == " + worker + ":\n    " + touch(running).strip()
                    + "\n    time.sleep(60)\n'done'").withTimeout(Duration.ofSeconds(120)).idempotent();
            CompletableFuture<Object> answer = bridge.submit(call);
            Await.until("the call runs", 30, () -> Files.exists(running));
            Processes.killMinusNine(worker);
            assertEquals("done", answer.get(60, TimeUnit.SECONDS));
            Processes.awaitGone(child);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void closingDoesNotWaitForAChildThatHoldsTheWorkersPipes(Topology topology) throws Exception {
        PythonBridge bridge = topology.start(TestingPython.config().build());
        long child = ((Number) bridge.exec(FORK_WITHOUT_HOOKS)).longValue();
        Duration closing = Await.timed(bridge::close);
        assertTrue(closing.compareTo(Duration.ofSeconds(5)) < 0, "closing took " + closing);
        Processes.awaitGone(child);
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aCallPastItsDeadlineLetsTheCallQueuedBehindItOnItsWorkerFinish(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            Path running = folder.resolve("running");
            Future<Object> late = callers.submit(() -> bridge.call(Call.exec(touch(running) + "import time\ntime.sleep(3)")
                    .withTimeout(Duration.ofSeconds(1))));
            Await.until("the first call runs", 30, () -> Files.exists(running));
            Future<Object> behind = callers.submit(() -> bridge.call(Call.eval("'behind'").withTimeout(Duration.ofSeconds(60))));
            ExecutionException timedOut = assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
            assertInstanceOf(BridgeTimeoutException.class, timedOut.getCause());
            assertEquals("behind", behind.get(60, TimeUnit.SECONDS), "the call queued on that worker ran once the slow one ended");
            assertEquals(2L, bridge.eval("1 + 1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void anInterruptedCallerIsReleasedAtOnce(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            Path running = folder.resolve("running");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            CountDownLatch released = new CountDownLatch(1);
            Thread caller = new Thread(() -> {
                try {
                    bridge.call(Call.exec(touch(running) + "import time\ntime.sleep(60)").withTimeout(Duration.ofSeconds(120)));
                }
                catch (RuntimeException e) {
                    thrown.set(e);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
                released.countDown();
            });
            caller.start();
            Await.until("the call runs", 30, () -> Files.exists(running));
            caller.interrupt();
            assertTrue(released.await(5, TimeUnit.SECONDS), "the interrupted caller was not released");
            assertInstanceOf(BridgeInterruptedException.class, thrown.get());
            assertTrue(stillInterrupted.get(), "the interrupt flag stays set");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aCallWhoseDeadlinePassedBeforeItWasSentNeverRuns(Topology topology) {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            bridge.exec("ran = 0");
            for (int i = 0; i < 200; i++) {
                BridgeTimeoutException timedOut = assertThrows(BridgeTimeoutException.class,
                        () -> bridge.call(Call.exec("ran += 1").withTimeout(Duration.ofNanos(1))));
                assertTrue(timedOut.getMessage().contains("1 ns"), timedOut.getMessage());
            }
            assertEquals(0L, bridge.eval("ran"));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aWorkerThatFinishesACallItsCallerGaveUpKeepsServing(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().shutdownGrace(Duration.ofSeconds(30)).build())) {
            assertEquals(2L, bridge.eval("1 + 1"));
            Path running = folder.resolve("running");
            Thread caller = new Thread(() -> {
                try {
                    bridge.call(Call.exec(touch(running) + "import time\ntime.sleep(0.5)").withTimeout(Duration.ofSeconds(60)));
                }
                catch (BridgeInterruptedException expected) {
                    // Given up while it ran; its reply comes all the same.
                }
            });
            caller.start();
            Await.until("the call runs", 30, () -> Files.exists(running));
            caller.interrupt();
            caller.join(5_000);
            assertEquals(3L, bridge.eval("1 + 2"));
            assertEquals(1, topology.counts(bridge).workersStarted(), "the worker answered the call given up, and was kept");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aWorkerThatDoesNotStopACallItsCallerGaveUpIsReplaced(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().shutdownGrace(Duration.ofSeconds(1)).build())) {
            Path running = folder.resolve("running");
            Thread caller = new Thread(() -> {
                try {
                    bridge.call(Call.exec(touch(running) + "while True:\n    pass").withTimeout(BridgeConfig.MAX_DURATION));
                }
                catch (BridgeInterruptedException expected) {
                    // The caller gave the call up; what matters is what becomes of its worker.
                }
            });
            caller.start();
            Await.until("the loop runs", 30, () -> Files.exists(running));
            caller.interrupt();
            caller.join(5_000);
            assertEquals(2L, bridge.call(Call.eval("1 + 1").withTimeout(Duration.ofSeconds(30))),
                    "a call after the abandoned one is not stuck behind it");
            assertEquals(2, topology.counts(bridge).workersStarted(), "the spinning worker was replaced");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aLargeRequestToABusyWorkerReturnsByItsDeadline(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.start(TestingPython.config().build())) {
            Path running = folder.resolve("running");
            bridge.submit(Call.exec(touch(running) + "import time\ntime.sleep(10)").withTimeout(Duration.ofSeconds(60)));
            Await.until("the busy call runs", 30, () -> Files.exists(running));
            String large = "x".repeat(4 << 20);
            Duration waited = Await.timed(() -> assertThrows(BridgeTimeoutException.class,
                    () -> bridge.call(Call.echo(large).withTimeout(Duration.ofMillis(500)))));
            // The worker is busy for 10 s, with the pipe full; the caller is back by its deadline of 0.5 s.
            assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "the caller was held for " + waited);
        }
    }

    @ParameterizedTest
    @MethodSource("bridgesAndStates")
    void closingInAnyStateNeitherThrowsNorLeavesAProcess(Topology topology, CloseState state) throws Exception {
        BridgeConfig config = TestingPython.config()
                .eagerStart(state != CloseState.LAZY_FIRST_START)
                // A death soon after the start counts as a failure and waits out a long backoff.
                .restartPolicy(new RestartPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, Duration.ofMinutes(1))
                        .withStableAfter(Duration.ofMinutes(5)))
                .build();
        PythonBridge bridge = topology.start(config);
        CompletableFuture<Object> inFlight = state.enter(bridge, topology);
        Duration closing = Await.timed(bridge::close);
        assertTrue(closing.compareTo(config.shutdownGrace().plusSeconds(6)) < 0, "closing took " + closing);
        if (inFlight != null) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
            assertInstanceOf(BridgeClosedException.class, failure.getCause());
        }
        bridge.close();
        assertThrows(BridgeClosedException.class, () -> bridge.eval("1"));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void closingWithAStuckCallTakesTheGraceAndTheKillNotTwiceTheGrace(Topology topology) throws Exception {
        Duration grace = Duration.ofSeconds(3);
        PythonBridge bridge = topology.start(TestingPython.config().shutdownGrace(grace).build());
        Path running = folder.resolve("running");
        CompletableFuture<Object> stuck = bridge.submit(Call.exec(touch(running) + "import time\ntime.sleep(60)"));
        Await.until("the call runs", 30, () -> Files.exists(running));
        Duration closing = Await.timed(bridge::close);
        assertTrue(closing.compareTo(grace) >= 0, "the call in flight had its grace: " + closing);
        assertTrue(closing.compareTo(grace.multipliedBy(2)) < 0, "closing took " + closing);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BridgeClosedException.class, failure.getCause());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aStartKilledByASignalBeforeTheWorkerWasReadyIsTriedAgain(Topology topology) throws Exception {
        Path marker = folder.resolve("first-start-killed");
        Path python = folder.resolve("python");
        Files.writeString(python, "#!/bin/sh\nif [ ! -e '" + marker + "' ]; then\n  touch '" + marker + "'\n"
                + "  kill -9 $$\nfi\nexec " + TestingPython.environment().executable() + " \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (PythonBridge bridge = topology.start(TestingPython.config().python(python.toString()).build())) {
            assertTrue(Files.exists(marker), "the first start was killed");
            assertEquals(2L, bridge.eval("1 + 1"));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void theLongestDurationsTheConfigurationTakesWorkAtRunTime(Topology topology) {
        BridgeConfig config = TestingPython.config()
                .startupTimeout(BridgeConfig.MAX_DURATION)
                .callTimeout(BridgeConfig.MAX_DURATION)
                .build();
        try (PythonBridge bridge = topology.start(config)) {
            assertEquals(2L, bridge.eval("1 + 1"));
            assertEquals(3L, bridge.call(Call.eval("1 + 2").withTimeout(BridgeConfig.MAX_DURATION)));
        }
    }

    /** Where a bridge is when it is closed; each puts it there and returns a call in flight, if it has one. */
    enum CloseState {
        READY {
            @Override
            CompletableFuture<Object> enter(PythonBridge bridge, Topology topology) {
                return null;
            }
        },
        RESTARTING_AFTER_A_CRASH {
            @Override
            CompletableFuture<Object> enter(PythonBridge bridge, Topology topology) {
                Processes.killMinusNine(pid(bridge));
                Await.until("the death was noticed", 30, () -> topology.counts(bridge).crashes() == 1);
                return null;
            }
        },
        REPLACING_AFTER_A_TIMEOUT {
            @Override
            CompletableFuture<Object> enter(PythonBridge bridge, Topology topology) {
                assertThrows(BridgeTimeoutException.class,
                        () -> bridge.call(Call.exec("import time\ntime.sleep(10)").withTimeout(Duration.ofMillis(300))));
                return null;
            }
        },
        LAZY_FIRST_START {
            @Override
            CompletableFuture<Object> enter(PythonBridge bridge, Topology topology) {
                return bridge.submit(Call.eval("1"));
            }
        },
        ALREADY_CLOSED {
            @Override
            CompletableFuture<Object> enter(PythonBridge bridge, Topology topology) {
                bridge.close();
                return null;
            }
        };

        abstract CompletableFuture<Object> enter(PythonBridge bridge, Topology topology);
    }

    static Stream<Arguments> bridgesAndCallers() {
        return Stream.of(Topology.values()).flatMap(topology -> Stream.of(Arguments.of(topology, true), Arguments.of(topology, false)));
    }

    static Stream<Arguments> bridgesAndStates() {
        return Stream.of(Topology.values()).flatMap(topology -> Stream.of(CloseState.values()).map(state -> Arguments.of(topology, state)));
    }

    private static long pid(PythonBridge bridge) {
        return ((Number) bridge.eval("__import__('os').getpid()")).longValue();
    }

    private static String touch(Path file) {
        return "open('" + file.toString().replace("\\", "\\\\").replace("'", "\\'") + "', 'w').close()\n";
    }
}
