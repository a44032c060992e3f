package dev.pybridge.micrometer;

import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.pool.PoolEvent;
import io.micrometer.core.instrument.Meter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binder's meters, fed events by hand: what it counts and how it bounds the command tag. */
class PyBridgeMetricsTest {

    private final TestingMeters meters = new TestingMeters();

    @Test
    void bindingRegistersEveryMeterTheReadmeNames() {
        PyBridgeMetrics.builder(TestingMeters.BRIDGE).build().bindTo(meters.registry);
        Set<String> names = meters.registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("pybridge.calls.queued", "pybridge.workers", "pybridge.circuit.open", "pybridge.worker.starts",
                "pybridge.worker.start.failures", "pybridge.worker.crashes", "pybridge.worker.timeouts", "pybridge.worker.retirements",
                "pybridge.worker.restarts", "pybridge.worker.recycles", "pybridge.circuit.openings", "pybridge.session.moves")), names);
        assertTrue(meters.registry.getMeters().stream().map(Meter::getId).allMatch(id -> TestingMeters.BRIDGE.equals(id.getTag("bridge"))));
    }

    @Test
    void poolEventsMoveTheirCounters() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        metrics.bindTo(meters.registry);
        metrics.onEvent(new PoolEvent.WorkerStarted("w1", 10, 80));
        metrics.onEvent(new PoolEvent.WorkerStarted("w2", 11, 120));
        metrics.onEvent(new PoolEvent.WorkerStartFailed("no python"));
        metrics.onEvent(new PoolEvent.WorkerCrashed("w1", "signal 9"));
        metrics.onEvent(new PoolEvent.WorkerTimedOut("w2", "exec"));
        metrics.onEvent(new PoolEvent.WorkerRetired("w3", "no answer to ping"));
        metrics.onEvent(new PoolEvent.WorkerRecycled("w4", "served 3 calls"));
        metrics.onEvent(new PoolEvent.CircuitOpened(4, "exit code 9"));
        metrics.onEvent(new PoolEvent.SessionMoved("s", "w1", "w5"));
        metrics.onEvent(new PoolEvent.SessionExpired("s"));
        metrics.onEvent(new PoolEvent.CircuitClosed());

        assertEquals(2, meters.starts());
        assertEquals(200, meters.registry.get("pybridge.worker.starts").functionTimer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        for (String counter : List.of("pybridge.worker.start.failures", "pybridge.worker.crashes", "pybridge.worker.timeouts",
                "pybridge.worker.retirements", "pybridge.worker.recycles", "pybridge.circuit.openings", "pybridge.session.moves")) {
            assertEquals(1, meters.counter(counter), counter);
        }
        assertEquals(3, meters.restarts(), "a crash, a timeout and a retirement each replaced a worker");
    }

    @Test
    void bridgeEventsMoveTheSameCounters() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        metrics.bindTo(meters.registry);
        metrics.onEvent(new BridgeEvent.WorkerStarted("w1", 10, 80));
        metrics.onEvent(new BridgeEvent.WorkerStartFailed("no python"));
        metrics.onEvent(new BridgeEvent.WorkerCrashed("w1", "signal 9"));
        metrics.onEvent(new BridgeEvent.WorkerTimedOut("w2", "exec"));
        metrics.onEvent(new BridgeEvent.WorkerRetired("w3", "no answer to ping"));
        metrics.onEvent(new BridgeEvent.WorkerRecycled("w4", "served 3 calls"));
        metrics.onEvent(new BridgeEvent.CircuitOpened(4, "exit code 9"));
        metrics.onEvent(new BridgeEvent.SessionMoved("s", "w1", "w5"));
        metrics.onEvent(new BridgeEvent.CircuitClosed());

        assertEquals(1, meters.starts());
        for (String counter : List.of("pybridge.worker.start.failures", "pybridge.worker.crashes", "pybridge.worker.timeouts",
                "pybridge.worker.retirements", "pybridge.worker.recycles", "pybridge.circuit.openings", "pybridge.session.moves")) {
            assertEquals(1, meters.counter(counter), counter);
        }
        assertEquals(3, meters.restarts());
    }

    @Test
    void eventsHeardBeforeBindingAreCounted() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        metrics.onEvent(new PoolEvent.WorkerStarted("w1", 10, 80));
        metrics.onEvent(new PoolEvent.WorkerCrashed("w1", "signal 9"));
        metrics.bindTo(meters.registry);
        assertEquals(1, meters.starts());
        assertEquals(1, meters.crashes());
    }

    @Test
    void callsAreTimedByCommandAndOutcome() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        metrics.bindTo(meters.registry);
        metrics.onEvent(new PoolEvent.CallCompleted("eval", TimeUnit.MILLISECONDS.toNanos(3), Optional.empty()));
        metrics.onEvent(new PoolEvent.CallCompleted("eval", TimeUnit.MILLISECONDS.toNanos(5), Optional.empty()));
        metrics.onEvent(new BridgeEvent.CallCompleted("eval", 1, Optional.of(ErrorCategory.PYTHON)));
        metrics.onEvent(new PoolEvent.CallCompleted("exec", 1, Optional.of(ErrorCategory.INVALID_REQUEST)));

        assertEquals(2, meters.calls("eval", "ok"));
        assertEquals(8, meters.registry.get("pybridge.calls").tag("outcome", "ok").timer().totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, meters.calls("eval", "python"));
        assertEquals(1, meters.calls("exec", "invalid_request"));
    }

    @Test
    void everyRegistryBoundGetsTheCalls() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        TestingMeters other = new TestingMeters();
        metrics.bindTo(meters.registry);
        metrics.bindTo(other.registry);
        metrics.onEvent(new PoolEvent.CallCompleted("eval", 1, Optional.empty()));
        assertEquals(1, meters.calls("eval", "ok"));
        assertEquals(1, other.calls("eval", "ok"));
    }

    @Test
    void commandsPastTheCapAreTaggedOther() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).maxCommands(2).build();
        metrics.bindTo(meters.registry);
        for (String command : List.of("eval", "exec", "call", "eval", "made.up")) {
            metrics.onEvent(new PoolEvent.CallCompleted(command, 1, Optional.empty()));
        }
        assertEquals(2, meters.calls("eval", "ok"));
        assertEquals(1, meters.calls("exec", "ok"));
        assertEquals(2, meters.calls("other", "ok"));
        assertEquals(Set.of("eval", "exec", "other"), meters.registry.find("pybridge.calls").timers().stream()
                .map(timer -> timer.getId().getTag("command")).collect(Collectors.toSet()));
    }

    @Test
    void theFirstThirtyTwoCommandsKeepTheirNamesByDefault() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).build();
        metrics.bindTo(meters.registry);
        for (int i = 0; i < 40; i++) {
            metrics.onEvent(new PoolEvent.CallCompleted("command" + i, 1, Optional.empty()));
        }
        assertEquals(1, meters.calls("command31", "ok"));
        assertEquals(8, meters.calls("other", "ok"));
    }

    @Test
    void withAnAllowListOnlyThoseCommandsKeepTheirNames() {
        PyBridgeMetrics metrics = PyBridgeMetrics.builder(TestingMeters.BRIDGE).commands(List.of("execute_program", "eval")).build();
        metrics.bindTo(meters.registry);
        for (String command : List.of("exec", "eval", "execute_program", "ping")) {
            metrics.onEvent(new PoolEvent.CallCompleted(command, 1, Optional.empty()));
        }
        assertEquals(1, meters.calls("eval", "ok"));
        assertEquals(1, meters.calls("execute_program", "ok"));
        assertEquals(2, meters.calls("other", "ok"));
    }

    @Test
    void gaugesHaveNoValueUntilABridgeIsWatched() {
        PyBridgeMetrics.builder(TestingMeters.BRIDGE).build().bindTo(meters.registry);
        assertTrue(Double.isNaN(meters.workers("ready")));
        assertTrue(Double.isNaN(meters.queued()));
        assertTrue(Double.isNaN(meters.circuitOpen()));
    }

    @Test
    void badSettingsAreRefusedSayingWhatToDo() {
        assertEquals("name is blank: give the bridge a name to tell its meters from another's",
                assertThrows(IllegalArgumentException.class, () -> PyBridgeMetrics.builder(" ")).getMessage());
        assertEquals("maxCommands must be between 1 and 10000: 0",
                assertThrows(IllegalArgumentException.class, () -> PyBridgeMetrics.builder("b").maxCommands(0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PyBridgeMetrics.builder("b").commands(List.of()))
                .getMessage().startsWith("commands is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PyBridgeMetrics.builder("b").commands(List.of("eval", "other")))
                .getMessage().contains("'other'"));
        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> PyBridgeMetrics.builder("b").maxCommands(5).commands(List.of("eval")));
        assertEquals("commands([eval]) after maxCommands(5): the command tag takes an allow-list or a cap, given once; choose one",
                both.getMessage());
        assertThrows(IllegalStateException.class, () -> PyBridgeMetrics.builder("b").maxCommands(5).maxCommands(6));
    }
}
