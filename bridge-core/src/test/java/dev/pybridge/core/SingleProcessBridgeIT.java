package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoProcessLeft.class)
class SingleProcessBridgeIT {

    private final List<SingleProcessBridge> bridges = new ArrayList<>();

    @AfterEach
    void closeBridges() {
        bridges.forEach(SingleProcessBridge::close);
    }

    @Test
    void aCallReturnsPythonsValue() {
        SingleProcessBridge python = start();
        assertEquals(42L, python.eval("6 * 7"));
        assertEquals(new BigInteger("1267650600228229401496703205376"), python.eval("2 ** 100"));
        assertEquals(List.of(1L, "two", 3.5, true), python.eval("[1, 'two', 3.5, True]"));
        assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) python.eval("bytes([0, 1, 2])"));
        assertEquals(2.0, python.invoke("math:sqrt", 4));
        assertNull(python.exec("x = 1"));
        assertEquals(Double.POSITIVE_INFINITY, python.eval("float('inf')"));
    }

    @Test
    void twoHundredConcurrentCallersFromSixteenThreadsAreAllAnsweredCorrectly() throws Exception {
        SingleProcessBridge python = start();
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(threads.submit(() -> {
                    go.await();
                    return python.call(Call.invoke("operator:mul", n, 3));
                }));
            }
            go.countDown();
            for (int i = 0; i < 200; i++) {
                assertEquals((long) i * 3, answers.get(i).get(60, TimeUnit.SECONDS), "call " + i);
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertEquals(1, python.status().workersStarted());
    }

    @Test
    void synchronousAndAsynchronousCallersMixedOnOneWorkerGetTheirOwnAnswers() throws Exception {
        SingleProcessBridge python = start();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                answers.add(threads.submit(() -> n % 2 == 0
                        ? python.call(Call.invoke("operator:neg", n))
                        : python.submit(Call.invoke("operator:neg", n)).get(60, TimeUnit.SECONDS)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals((long) -i, answers.get(i).get(60, TimeUnit.SECONDS), "call " + i);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aBlockingCallFromAReplyCallbackIsRefusedNotDeadlocked(@TempDir Path folder) throws Exception {
        SingleProcessBridge python = start();
        Path go = folder.resolve("go");
        // The first call waits for a file created once the callback is attached, so the callback runs on a reading thread.
        CompletableFuture<Object> nested = python.submit(Call.exec("import os, time\nwhile not os.path.exists(" + pythonString(go)
                        + "):\n    time.sleep(0.005)\n1"))
                .thenApply(first -> python.call(Call.eval("2")));
        Files.createFile(go);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> nested.get(30, TimeUnit.SECONDS));
        IllegalStateException refused = assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertTrue(refused.getMessage().contains("would wait on itself"), refused.getMessage());
        assertEquals(3L, python.submit(Call.eval("1")).thenCompose(first -> python.submit(Call.eval("2"))).get(30, TimeUnit.SECONDS)
                instanceof Long value ? value + 1 : -1, "chaining with thenCompose works");
    }

    @Test
    void anUnknownCommandIsAnErrorAndTheNextCallSucceeds() {
        SingleProcessBridge python = start();
        long pid = python.status().workerPid();
        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> python.call(Call.of("invalid_command")));
        assertEquals(InvalidRequestException.Reason.UNKNOWN_COMMAND, error.reason());
        assertTrue(error.getMessage().contains("invalid_command"), error.getMessage());
        assertEquals(Map.of("pong", true), Map.of("pong", ((Map<?, ?>) python.call(Call.ping())).get("pong")));
        assertEquals(pid, python.status().workerPid(), "the worker survived");
    }

    @Test
    void argumentsOfTheWrongTypeAreNamed() {
        SingleProcessBridge python = start();
        InvalidRequestException error = assertThrows(InvalidRequestException.class, () -> python.call("eval", Map.of("code", 5)));
        assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, error.reason());
        assertTrue(error.getMessage().contains("code"), error.getMessage());
    }

    @Test
    void aPythonExceptionArrivesWithItsTypeAndTraceback() {
        SingleProcessBridge python = start();
        PythonException error = assertThrows(PythonException.class,
                () -> python.exec("def check(n):\n    raise ValueError(f'bad value {n}')\n\ncheck(3)\n"));
        assertEquals("ValueError", error.pythonType());
        assertEquals("bad value 3", error.pythonMessage());
        String traceback = error.traceback().orElseThrow();
        assertTrue(traceback.contains("line 2, in check"), traceback);
        assertFalse(traceback.contains("pybridge/"), "the worker's own frames are hidden:\n" + traceback);
        assertEquals(2, error.location().orElseThrow().line());
        assertEquals(1L, python.eval("1"), "the worker keeps serving");
    }

    @Test
    void aResultThatCannotCrossNamesItsType() {
        SingleProcessBridge python = start();
        PythonException error = assertThrows(PythonException.class, () -> python.eval("{'a': {1, 2}}"));
        assertEquals("UnsupportedValue", error.pythonType());
        assertTrue(error.getMessage().contains("set"), error.getMessage());
    }

    @Test
    void printingCannotCorruptTheProtocol() {
        SingleProcessBridge python = start();
        assertEquals(7L, python.exec("import os, sys\nprint('hello')\nos.write(1, b'raw bytes on fd 1\\n')\n"
                + "sys.stdout.write('more')\nsys.stdout.flush()\n7"));
        @SuppressWarnings("unchecked")
        Map<String, Object> captured = (Map<String, Object>) python.call(Call.exec("print('captured')\n8").capturingOutput());
        assertEquals(Map.of("value", 8L, "stdout", "captured\n", "stderr", ""), captured);
    }

    @Test
    void sessionsHaveTheirOwnNamespaces() {
        SingleProcessBridge python = start();
        python.call(Call.exec("x = 'alice'").inSession("a"));
        python.call(Call.exec("x = 'bob'").inSession("b"));
        assertEquals("alice", python.call(Call.eval("x").inSession("a")));
        assertEquals("bob", python.call(Call.eval("x").inSession("b")));
        assertEquals(Map.of("closed", true), python.call(Call.of("session.close").inSession("a")));
        PythonException error = assertThrows(PythonException.class, () -> python.call(Call.eval("x").inSession("a")));
        assertEquals("NameError", error.pythonType());
    }

    @Test
    void killMinusNineFailsCallsInFlightAndTheNextCallSucceedsOnANewWorker() throws Exception {
        SingleProcessBridge python = start();
        long pid = python.status().workerPid();
        CompletableFuture<Object> inFlight = python.submit(Call.exec("import time\ntime.sleep(60)"));
        assertEquals(1, python.status().inFlight());

        killMinusNine(pid);

        ExecutionException failure = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
        WorkerCrashedException crash = assertInstanceOf(WorkerCrashedException.class, failure.getCause());
        assertEquals(9, crash.signal().orElseThrow(), crash.getMessage());
        assertTrue(crash.getMessage().contains("signal 9"), crash.getMessage());
        assertEquals(3L, python.eval("1 + 2"));
        assertNotEquals(pid, python.status().workerPid());
        assertEquals(1, python.status().crashes());
    }

    @Test
    void aCallPastItsDeadlineTimesOutAndTheBridgeRecovers() throws Exception {
        SingleProcessBridge python = start();
        long pid = python.status().workerPid();
        BridgeTimeoutException timeout = assertThrows(BridgeTimeoutException.class,
                () -> python.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(500))));
        assertEquals(Duration.ofMillis(500), timeout.timeout());
        assertTrue(timeout.getMessage().contains("500 ms"), timeout.getMessage());

        assertEquals(4L, python.eval("2 + 2"));
        assertNotEquals(pid, python.status().workerPid(), "the stuck worker was replaced");
        awaitGone(pid);
    }

    @Test
    void aSessionsDefinitionsSurviveTheDeathOfItsWorker() throws Exception {
        SingleProcessBridge python = start();
        python.call(Call.exec("def double(x):\n    return 2 * x\nfactor = 3").inSession("s").definingSession());
        python.call(Call.exec("scratch = 'not recorded'").inSession("s"));
        long pid = python.status().workerPid();

        killAndAwaitNotice(python);

        assertEquals(42L, python.call(Call.invoke("double", 21).inSession("s")));
        assertEquals(3L, python.call(Call.eval("factor").inSession("s")));
        assertNotEquals(pid, python.status().workerPid());
        PythonException lost = assertThrows(PythonException.class, () -> python.call(Call.eval("scratch").inSession("s")));
        assertEquals("NameError", lost.pythonType(), "only calls marked as session state are replayed");
    }

    @Test
    void aClosedSessionIsNotReplayed() throws Exception {
        SingleProcessBridge python = start();
        python.call(Call.exec("x = 1").inSession("s").definingSession());
        python.call(Call.of("session.close").inSession("s"));
        killAndAwaitNotice(python);
        assertThrows(PythonException.class, () -> python.call(Call.eval("x").inSession("s")));
    }

    @Test
    void allWorkersCallsAreReplayedOnARestartedWorker() throws Exception {
        SingleProcessBridge python = start();
        python.call(Call.exec("LM = 'configured'").onAllWorkers());
        killAndAwaitNotice(python);
        assertEquals("configured", python.eval("LM"));
    }

    @Test
    void anIdempotentCallIsSentOnceMoreWhenItsWorkerDies() throws Exception {
        SingleProcessBridge python = start();
        long pid = python.status().workerPid();
        CompletableFuture<Object> answer = python.submit(Call.exec("import time\ntime.sleep(1)\n5").idempotent());
        killMinusNine(pid);
        assertEquals(5L, answer.get(30, TimeUnit.SECONDS));
        assertNotEquals(pid, python.status().workerPid());
    }

    @Test
    void aCrashMessageQuotesAFewClippedStderrLinesAndTheTailKeepsThemAll() {
        SingleProcessBridge python = start();
        WorkerCrashedException error = assertThrows(WorkerCrashedException.class, () -> python.exec(String.join("\n",
                "import os, sys",
                "for line in range(60):",
                "    sys.stderr.write(str(line) + ' ' + 'x' * 8000 + '\\n')",
                "sys.stderr.flush()",
                "os._exit(7)")));
        assertTrue(error.getMessage().length() < 2500, "a message of " + error.getMessage().length() + " characters");
        assertTrue(error.getMessage().contains("the last 5 of its last 50 stderr lines (all of them in stderrTail())"), error.getMessage());
        assertTrue(error.getMessage().contains("59 xxx"), error.stderrTail().stream().map(l -> l.substring(0, Math.min(8, l.length()))).toList().toString());
        assertEquals(50, error.stderrTail().size());
        assertTrue(error.stderrTail().get(49).startsWith("59 "), "the whole tail, oldest first");
    }

    @Test
    void workersThatKeepDyingOpenTheCircuit() {
        SingleProcessBridge python = start(TestingPython.config()
                .restartPolicy(new RestartPolicy(Duration.ofMillis(10), Duration.ofSeconds(30), 2, Duration.ofMinutes(1))));
        for (int crash = 1; crash <= 3; crash++) {
            WorkerCrashedException error = assertThrows(WorkerCrashedException.class, () -> python.exec("import os\nos._exit(7)"));
            assertEquals(7, error.exitCode().orElseThrow());
        }
        CircuitOpenException open = assertThrows(CircuitOpenException.class, () -> python.eval("1"));
        assertTrue(open.getMessage().contains("3 workers failed within 1 min"), open.getMessage());
        assertTrue(open.getMessage().contains("died with exit code 7"), open.getMessage());
    }

    @Test
    void aMissingInterpreterFailsAtStartNamingThePath() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> SingleProcessBridge.start(TestingPython.config().python("/no/such/python3").build()));
        assertTrue(error.getMessage().contains("'/no/such/python3' was not found"), error.getMessage());
    }

    @Test
    void aLauncherTheBridgeMadeIsClosedWhenItsStartFailsAndOneGivenToItIsNot() {
        java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
        dev.pybridge.core.launch.WorkerLauncher counting = new dev.pybridge.core.launch.WorkerLauncher() {
            private final dev.pybridge.core.launch.LocalProcessLauncher local = new dev.pybridge.core.launch.LocalProcessLauncher();

            @Override
            public dev.pybridge.core.launch.WorkerProcess launch(dev.pybridge.core.launch.LaunchSpec spec) {
                return local.launch(spec);
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        BridgeConfig broken = TestingPython.config().python("/no/such/python3").build();
        assertThrows(BridgeConfigurationException.class, () -> new SingleProcessBridge(broken, counting));
        assertEquals(0, closes.get(), "a launcher given to the bridge stays its caller's");
        assertThrows(BridgeConfigurationException.class,
                () -> new SingleProcessBridge(broken, dev.pybridge.core.internal.engine.OwnedLauncher.owning(counting)));
        assertEquals(1, closes.get(), "a launcher the bridge owns is closed when its start fails");
    }

    @Test
    void closingLeavesNoPythonProcessAndRefusesLaterCalls() throws Exception {
        SingleProcessBridge python = SingleProcessBridge.start(TestingPython.config().build());
        long pid = python.status().workerPid();
        python.close();
        awaitGone(pid);
        assertThrows(BridgeClosedException.class, () -> python.eval("1"));
        python.close();
    }

    @Test
    void closingFailsCallsThatOutliveTheGracePeriod() throws Exception {
        SingleProcessBridge python = SingleProcessBridge.start(TestingPython.config().shutdownGrace(Duration.ofMillis(300)).build());
        CompletableFuture<Object> stuck = python.submit(Call.exec("import time\ntime.sleep(60)"));
        python.close();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> stuck.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BridgeClosedException.class, failure.getCause());
    }

    @Test
    void closingKillsAWorkerStillLoopingInACallThatTimedOutRatherThanWaitTheGrace() throws Exception {
        SingleProcessBridge python = SingleProcessBridge.start(TestingPython.config().shutdownGrace(Duration.ofSeconds(60)).build());
        long stuck = python.status().workerPid();
        assertThrows(BridgeTimeoutException.class,
                () -> python.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(300))));
        assertEquals(2L, python.eval("1 + 1"));
        assertTrue(Processes.alive(stuck), "the timed-out worker still loops, waiting out its grace");

        Duration closing = Await.timed(python::close);

        assertTrue(closing.compareTo(Duration.ofSeconds(20)) < 0, "closing waited for the looping worker: " + closing);
        awaitGone(stuck);
    }

    @Test
    void lazyStartWaitsForTheFirstCall() {
        SingleProcessBridge python = start(TestingPython.config().eagerStart(false));
        assertTrue(python.status().worker().isEmpty());
        assertEquals(1L, python.eval("1"));
        assertTrue(python.status().worker().isPresent());
    }

    private SingleProcessBridge start() {
        return start(TestingPython.config());
    }

    private SingleProcessBridge start(BridgeConfig.Builder config) {
        SingleProcessBridge bridge = SingleProcessBridge.start(config.build());
        bridges.add(bridge);
        return bridge;
    }

    /** Kills the worker and waits until the bridge has noticed, as a caller who saw the failure would. */
    static void killAndAwaitNotice(SingleProcessBridge python) throws Exception {
        long crashes = python.status().crashes();
        killMinusNine(python.status().workerPid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (python.status().crashes() == crashes) {
            assertTrue(System.nanoTime() < deadline, "the bridge did not notice the kill within 10 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static void killMinusNine(long pid) {
        Processes.killMinusNine(pid);
    }

    static void awaitGone(long pid) {
        Processes.awaitGone(pid);
    }
}
