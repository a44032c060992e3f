package dev.pybridge.testkit.faults;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each fault on real Python workers, behind a single bridge and a pool of two: the failure its
 * javadoc promises, the bridge serving again where the fault allows, and no process left. Calls run
 * in one session, so that on the pool they reach the same worker until it dies.
 */
@ExtendWith(ProcessLeakCheck.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PythonFaultsIT {

    private static final String SESSION = "faulty";
    private static final Call PID = Call.eval("__import__('os').getpid()").inSession(SESSION);
    private static final Call EXEC = Call.exec("x = 1").inSession(SESSION);
    private static final OptionalInt SIGKILL = OptionalInt.of(9);
    private static final Pattern FORKED_CHILD = Pattern.compile("forked child (\\d+)");

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashOnCommandKillsTheWorkerAndTheNextCallGetsAnother(Topology topology) {
        try (PythonBridge python = start(topology, Fault.crashOn("exec"))) {
            long worker = pid(python);
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> python.call(EXEC));
            assertEquals(SIGKILL, crash.signal(), crash.getMessage());
            assertEquals(worker, crash.pid().orElseThrow());
            assertTrue(said(crash, "CrashOnCommand(exec)"), crash.getMessage());
            assertNotEquals(worker, pid(python));
            Waiting.until("the crashed worker is gone", 10, () -> !ProcessLeakCheck.running(worker));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashAfterCallsLetsEachWorkerServeThatManyCalls(Topology topology) {
        try (PythonBridge python = start(topology, Fault.crashAfter(2))) {
            for (int worker = 1; worker <= 2; worker++) {
                long first = pid(python);
                assertEquals(first, pid(python), "both calls ran on one worker");
                WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> python.call(PID));
                assertEquals(SIGKILL, crash.signal(), crash.getMessage());
                assertEquals(first, crash.pid().orElseThrow(), "the third call went to the worker that served two");
                assertTrue(said(crash, "CrashAfterCalls(2)"), crash.getMessage());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashAfterReadyIsACrashLoopThatOpensTheCircuit(Topology topology) {
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2, Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(10));
        try (PythonBridge python = start(topology, TestingPython.config().restartPolicy(policy).build(), Fault.crashAfterReady())) {
            int crashes = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                assertTrue(System.nanoTime() - deadline < 0, "the circuit did not open within 90 s; crashes: " + crashes);
                // Without a session: on the pool, a session's call would meet a crash while the session is rebuilt
                // on its new worker, and fail with a SessionException caused by the crash.
                BridgeException failure = assertThrows(BridgeException.class, () -> python.eval("1"));
                if (failure instanceof CircuitOpenException) {
                    break;
                }
                if (!(failure instanceof WorkerCrashedException crash) || !said(crash, "CrashAfterReady")) {
                    throw new AssertionError("expected a crash or an open circuit", failure);
                }
                crashes++;
            }
            assertTrue(crashes > policy.maxRestarts(), "crashes before the circuit opened: " + crashes);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void hangOnCommandTimesOutAndTheWorkerIsKilled(Topology topology) {
        try (PythonBridge python = start(topology, Fault.hangOn("exec"))) {
            long worker = pid(python);
            assertThrows(BridgeTimeoutException.class, () -> python.call(EXEC.withTimeout(Duration.ofSeconds(2))));
            Waiting.until("the hung worker is killed", 30, () -> !ProcessLeakCheck.running(worker));
            assertNotEquals(worker, pid(python));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void garbageOnCommandIsAProtocolErrorAndTheWorkerIsReplaced(Topology topology) {
        try (PythonBridge python = start(topology, Fault.garbageOn("exec"))) {
            long worker = pid(python);
            assertThrows(ProtocolException.class, () -> python.call(EXEC));
            Waiting.until("the worker that broke the protocol is killed", 30, () -> !ProcessLeakCheck.running(worker));
            assertNotEquals(worker, pid(python));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void dieDuringStartupMeansTheBridgeCannotBeBuilt(Topology topology) {
        BridgeConfig config = PythonFaults.apply(TestingPython.config().build(), List.of(Fault.dieDuringStartup()), folder);
        BridgeConfigurationException failure = assertThrows(BridgeConfigurationException.class, () -> topology.start(config).close());
        assertTrue(failure.getMessage().contains("exit code 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("DieDuringStartup"), failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void floodStderrLeavesCallsWorkingAndOnlyATailIsKept(Topology topology) {
        int lines = 2000;
        try (PythonBridge python = start(topology, Fault.floodStderr(lines), Fault.crashOn("exec"))) {
            long worker = pid(python);
            assertEquals(worker, pid(python));
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> python.call(EXEC));
            List<String> tail = crash.stderrTail();
            assertTrue(!tail.isEmpty() && tail.size() < lines, "a bounded tail, not " + tail.size() + " lines");
            assertTrue(tail.get(tail.size() - 1).contains("CrashOnCommand(exec)"), tail.toString());
            assertTrue(tail.get(tail.size() - 2).endsWith("line " + lines + " of " + lines), tail.toString());
            assertNotEquals(worker, pid(python));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void slowAnswersTimeOutShortDeadlinesAndMeetLongOnes(Topology topology) {
        Duration delay = Duration.ofSeconds(1);
        try (PythonBridge python = start(topology, Fault.slowAnswers(delay))) {
            long worker = pid(python);
            assertThrows(BridgeTimeoutException.class, () -> python.call(PID.withTimeout(Duration.ofMillis(200))));
            Waiting.until("the worker that timed out is replaced", 30, () -> !ProcessLeakCheck.running(worker));
            long started = System.nanoTime();
            assertNotEquals(worker, pid(python));
            assertTrue(System.nanoTime() - started >= delay.toNanos(), "the answer came after the delay");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void forkChildAndDieIsACrashAndTheChildEndsWithTheWorker(Topology topology) {
        try (PythonBridge python = start(topology, Fault.forkChildAndDie("exec"))) {
            long worker = pid(python);
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> python.call(EXEC));
            assertEquals(SIGKILL, crash.signal(), crash.getMessage());
            long child = forkedChild(crash);
            assertNotEquals(worker, child);
            Waiting.until("the forked child " + child + " is gone", 15, () -> !ProcessLeakCheck.running(child));
            assertNotEquals(worker, pid(python));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void withoutFaultsTheWorkersBehave(Topology topology) {
        BridgeConfig config = TestingPython.config().build();
        assertSame(config, PythonFaults.apply(config, List.of(), folder));
        try (PythonBridge python = topology.start(PythonFaults.apply(config, List.of(), folder))) {
            long worker = pid(python);
            for (int call = 0; call < 5; call++) {
                python.call(EXEC);
            }
            assertEquals(worker, pid(python));
        }
        assertFalse(folder.resolve(PythonFaults.MODULE + ".py").toFile().exists());
    }

    private PythonBridge start(Topology topology, Fault... faults) {
        return start(topology, TestingPython.config().build(), faults);
    }

    private PythonBridge start(Topology topology, BridgeConfig config, Fault... faults) {
        return topology.start(PythonFaults.apply(config, List.of(faults), folder));
    }

    private static long pid(PythonBridge python) {
        return (Long) python.call(PID);
    }

    private static boolean said(WorkerCrashedException crash, String fault) {
        return crash.stderrTail().stream().anyMatch(line -> line.contains("pybridge-testkit fault: " + fault));
    }

    private static long forkedChild(WorkerCrashedException crash) {
        for (String line : crash.stderrTail()) {
            Matcher found = FORKED_CHILD.matcher(line);
            if (found.find()) {
                return Long.parseLong(found.group(1));
            }
        }
        return fail("the worker did not say which child it forked: " + crash.stderrTail());
    }
}
