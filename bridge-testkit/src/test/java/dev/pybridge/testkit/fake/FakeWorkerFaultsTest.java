package dev.pybridge.testkit.fake;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each {@link Fault} on the bridge-mock layer produces the failure its documentation promises,
 * on the single bridge and on a pool of two, and the bridge serves again where the fault allows.
 * Calls that must reach one worker go in one session: a pool keeps a session on its worker.
 */
class FakeWorkerFaultsTest {

    private final List<FakeWorkerLauncher> launchers = new ArrayList<>();
    private Set<String> threadsBefore;

    @BeforeEach
    void noteThreads() {
        threadsBefore = Await.fakeWorkerThreads();
    }

    @AfterEach
    void leavesNoWorkerRunning() {
        Await.until("every fake worker has exited", () -> launchers.stream().allMatch(launcher -> launcher.running() == 0));
        Await.until("every fake worker thread has ended", () -> threadsBefore.containsAll(Await.fakeWorkerThreads()));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashOnACommandFailsThatCallAndTheNextRunsOnANewWorker(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.crashOn("boom")))) {
            assertEquals(1L, bridge.call(Call.eval("1").inSession("s")));
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.of("boom").inSession("s")));
            assertEquals(OptionalInt.of(9), crash.signal());
            assertEquals(2L, bridge.call(Call.eval("2").inSession("s")));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashAfterCallsFailsTheCallPastTheCount(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.crashAfter(2)))) {
            assertEquals(1L, bridge.call(Call.eval("1").inSession("s")));
            assertEquals(2L, bridge.call(Call.eval("2").inSession("s")));
            assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.eval("3").inSession("s")));
            assertEquals(4L, bridge.call(Call.eval("4").inSession("s")), "a new worker counts from the start");
            assertEquals(Boolean.TRUE, ((java.util.Map<?, ?>) bridge.call(Call.ping())).get("pong"), "upkeep is not counted");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void crashAfterReadyOpensTheCircuit(Topology topology) {
        FakeWorkerLauncher launcher = launcher(Fault.crashAfterReady());
        PythonBridge bridge;
        try {
            bridge = topology.open(launcher);
        }
        catch (WorkerStartupException | CircuitOpenException failedStart) {
            // Each worker dies as soon as it is ready: a death seen before the start completed fails the start itself.
            assertTrue(launcher.launched() >= 1);
            return;
        }
        try (bridge) {
            Await.until("the circuit opens", () -> {
                // Bounded, so that a call the bridge never completes fails the test instead of hanging it.
                Throwable failure = assertThrows(ExecutionException.class,
                        () -> bridge.submit(Call.eval("1")).get(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS)).getCause();
                assertTrue(failure instanceof WorkerCrashedException || failure instanceof WorkerStartupException
                        || failure instanceof CircuitOpenException, failure::toString);
                return failure instanceof CircuitOpenException;
            });
        }
        assertTrue(launcher.launched() > 1, "the bridge tried again before it opened the circuit");
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void hangOnACommandTimesOutAndTheWorkerIsReplaced(Topology topology) {
        FakeWorkerLauncher launcher = launcher(Fault.hangOn("stall"));
        try (PythonBridge bridge = topology.open(launcher)) {
            BridgeTimeoutException timeout = assertThrows(BridgeTimeoutException.class,
                    () -> bridge.call(Call.of("stall").inSession("s").withTimeout(Duration.ofMillis(200))));
            assertEquals(Duration.ofMillis(200), timeout.timeout());
            assertEquals(5L, bridge.call(Call.eval("5").inSession("s")));
            int serving = topology == Topology.SINGLE ? 1 : 2;
            Await.until("the hung worker was killed and replaced", () -> launcher.running() == serving && launcher.launched() == serving + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void garbageOnStdoutIsAProtocolErrorAndTheWorkerIsReplaced(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.garbageOn("scribble")))) {
            ProtocolException broken = assertThrows(ProtocolException.class, () -> bridge.call(Call.of("scribble").inSession("s")));
            assertTrue(broken.getMessage().contains("broke the wire protocol"), broken.getMessage());
            assertEquals(6L, bridge.call(Call.eval("6").inSession("s")));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void dieDuringStartupFailsTheStartWithItsStderrLine(Topology topology) {
        BridgeException failure = assertThrows(BridgeException.class, () -> topology.open(launcher(Fault.dieDuringStartup())).close());
        assertInstanceOf(BridgeConfigurationException.class, failure);
        assertTrue(failure.getMessage().contains("exit code 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("fails during start-up (Fault.DieDuringStartup)"), failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void floodedStderrLeavesCallsWorkingAndOnlyABoundedTail(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.floodStderr(120), Fault.crashOn("boom")))) {
            for (long i = 0; i < 3; i++) {
                assertEquals(i, bridge.call(Call.eval(Long.toString(i)).inSession("s")));
            }
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.of("boom").inSession("s")));
            List<String> tail = crash.stderrTail();
            assertTrue(!tail.isEmpty() && tail.size() < 3 * 120, "the tail keeps the last lines only: " + tail.size());
            assertTrue(tail.get(tail.size() - 1).contains("line 120 of 120"), tail.get(tail.size() - 1));
            assertTrue(crash.getMessage().lines().count() <= 1 + 5, "the message quotes a few lines: " + crash.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void slowAnswersPassAShortDeadlineAndMeetALongOne(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.slowAnswers(Duration.ofMillis(300))))) {
            assertThrows(BridgeTimeoutException.class, () -> bridge.call(Call.eval("7").inSession("s").withTimeout(Duration.ofMillis(100))));
            assertEquals(8L, bridge.call(Call.eval("8").inSession("s").withTimeout(Await.PATIENCE)));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aWorkerThatDiesWhileItsForkedChildHoldsStdoutIsSeenToCrash(Topology topology) {
        try (PythonBridge bridge = topology.open(launcher(Fault.forkChildAndDie("fork")))) {
            WorkerCrashedException crash = assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.of("fork").inSession("s")));
            assertEquals(OptionalInt.of(9), crash.signal());
            assertEquals(9L, bridge.call(Call.eval("9").inSession("s")));
        }
    }

    private FakeWorkerLauncher launcher(Fault... faults) {
        FakeWorkerLauncher launcher = FakeWorkerLauncher.withFaults(List.of(faults));
        launchers.add(launcher);
        return launcher;
    }
}
