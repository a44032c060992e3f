package dev.pybridge.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Locale;

/** Reads one bridge's meters from a {@link SimpleMeterRegistry}, by the names the README gives. */
final class TestingMeters {

    static final String BRIDGE = "under-test";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** A counter's count; fails when it is not registered. */
    double counter(String name) {
        FunctionCounter counter = registry.get(name).tag("bridge", BRIDGE).functionCounter();
        return counter.count();
    }

    double crashes() {
        return counter("pybridge.worker.crashes");
    }

    double restarts() {
        return counter("pybridge.worker.restarts");
    }

    double timeouts() {
        return counter("pybridge.worker.timeouts");
    }

    double starts() {
        FunctionTimer starts = registry.get("pybridge.worker.starts").tag("bridge", BRIDGE).functionTimer();
        return starts.count();
    }

    /** Calls of {@code command} with {@code outcome} timed so far; 0 when none was. */
    long calls(String command, String outcome) {
        Timer timer = registry.find("pybridge.calls").tag("bridge", BRIDGE).tag("command", command).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    double workers(String state) {
        return gauge("pybridge.workers", "state", state.toLowerCase(Locale.ROOT));
    }

    double queued() {
        return gauge("pybridge.calls.queued");
    }

    double circuitOpen() {
        return gauge("pybridge.circuit.open");
    }

    private double gauge(String name, String... tags) {
        Gauge gauge = registry.get(name).tag("bridge", BRIDGE).tags(tags).gauge();
        return gauge.value();
    }
}
