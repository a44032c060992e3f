package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.status.BridgeStatus;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The single bridge tells its listeners what happens to its worker and its calls, with a real worker. */
@ExtendWith(NoProcessLeft.class)
class BridgeEventsIT {

    private final List<BridgeEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void listenersHearTheWorkerStartAndEachCallWithItsOutcome() {
        try (SingleProcessBridge python = start(TestingPython.config().build(), events::add)) {
            Await.until("the start was heard", 10, () -> of(BridgeEvent.WorkerStarted.class).size() == 1);
            BridgeEvent.WorkerStarted started = only(BridgeEvent.WorkerStarted.class);
            assertEquals(python.status().workerPid(), started.pid());
            assertTrue(started.startMillis() > 0, started.toString());

            python.eval("1 + 1");
            assertThrows(PythonException.class, () -> python.eval("1 / 0"));

            Await.until("both calls were heard", 10, () -> of(BridgeEvent.CallCompleted.class).size() == 2);
            List<BridgeEvent.CallCompleted> calls = of(BridgeEvent.CallCompleted.class);
            assertEquals(List.of("eval", "eval"), calls.stream().map(BridgeEvent.CallCompleted::command).toList());
            assertEquals(List.of(Optional.empty(), Optional.of(ErrorCategory.PYTHON)), calls.stream().map(BridgeEvent.CallCompleted::error).toList());
            assertTrue(calls.stream().allMatch(call -> call.nanos() > 0), calls.toString());
        }
    }

    @Test
    void aWorkerKilledWithSigkillIsHeardAsACrashAndItsReplacementAsAStart() throws Exception {
        try (SingleProcessBridge python = start(TestingPython.config().build(), events::add)) {
            long pid = python.status().workerPid();
            CompletableFuture<Object> inFlight = python.submit(Call.exec("import time\ntime.sleep(60)"));
            Processes.killMinusNine(pid);
            assertTrue(assertThrows(Exception.class, () -> inFlight.get(30, TimeUnit.SECONDS)).getCause() instanceof WorkerCrashedException);

            Await.until("the crash was heard", 10, () -> of(BridgeEvent.WorkerCrashed.class).size() == 1);
            assertTrue(only(BridgeEvent.WorkerCrashed.class).exit().contains("signal 9"), events.toString());
            assertEquals(2L, python.eval("1 + 1"));
            Await.until("the replacement was heard starting", 10, () -> of(BridgeEvent.WorkerStarted.class).size() == 2);
        }
    }

    @Test
    void aCallPastItsDeadlineIsHeardAsATimeoutNamingItsCommand() {
        try (SingleProcessBridge python = start(TestingPython.config().build(), events::add)) {
            assertThrows(BridgeTimeoutException.class, () -> python.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(300))));
            Await.until("the timeout was heard", 10, () -> of(BridgeEvent.WorkerTimedOut.class).size() == 1);
            assertEquals("exec", only(BridgeEvent.WorkerTimedOut.class).command());
            Await.until("the failed call was heard", 10, () -> of(BridgeEvent.CallCompleted.class).size() == 1);
            assertEquals(Optional.of(ErrorCategory.TIMEOUT), only(BridgeEvent.CallCompleted.class).error());
        }
    }

    @Test
    void aListenerThatThrowsNeitherStopsTheBridgeNorKeepsEventsFromTheOthers() {
        BridgeListener broken = event -> {
            throw new IllegalStateException("a listener's bug");
        };
        try (SingleProcessBridge python = new SingleProcessBridge(TestingPython.config().build(), new LocalProcessLauncher(),
                Set.of(broken, events::add))) {
            assertEquals(3L, python.eval("1 + 2"));
            Await.until("the start and the call were heard", 10,
                    () -> of(BridgeEvent.WorkerStarted.class).size() == 1 && of(BridgeEvent.CallCompleted.class).size() == 1);
        }
    }

    @Test
    void theStatusCountsTheWorkerStartingAndTheCallersWaitingForIt() throws Exception {
        CountDownLatch launch = new CountDownLatch(1);
        LocalProcessLauncher local = new LocalProcessLauncher();
        WorkerLauncher held = spec -> {
            try {
                launch.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return local.launch(spec);
        };
        try (SingleProcessBridge python = new SingleProcessBridge(TestingPython.config().eagerStart(false).build(), held, Set.of())) {
            CompletableFuture<Object> waiting = python.submit(Call.eval("6 * 7"));
            Await.until("the caller waits for the worker that starts", 10, () -> python.status().queued() == 1);
            BridgeStatus starting = python.status();
            assertEquals(1, starting.workersStarting(), starting.toString());
            assertEquals(0, starting.workersReady(), starting.toString());

            launch.countDown();
            assertEquals(42L, waiting.get(30, TimeUnit.SECONDS));
            BridgeStatus serving = python.status();
            assertEquals(List.of(0, 1, 0, 0), List.of(serving.workersStarting(), serving.workersReady(), serving.workersDraining(),
                    serving.queued()), serving.toString());
        }
        finally {
            launch.countDown();
        }
    }

    private static SingleProcessBridge start(BridgeConfig config, BridgeListener listener) {
        return new SingleProcessBridge(config, new LocalProcessLauncher(), Set.of(listener));
    }

    private <E extends BridgeEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <E extends BridgeEvent> E only(Class<E> type) {
        List<E> found = of(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " among " + events);
        return found.get(0);
    }
}
