package dev.pybridge.micrometer;

import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.pool.PoolEvent;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * Turns a bridge's events, a pool's or a single bridge's, into counts and call timings. The two
 * families carry the same records under two names, so each has its own dispatch to the same steps.
 */
final class EventRecorder {

    private final EventCounts counts;
    private final CommandTags commands;
    private final List<CallTimers> timers = new CopyOnWriteArrayList<>();

    EventRecorder(EventCounts counts, CommandTags commands) {
        this.counts = requireNonNull(counts, "counts is null");
        this.commands = requireNonNull(commands, "commands is null");
    }

    /** Times the calls that end from now on in one more registry. */
    void timeCallsIn(CallTimers registry) {
        timers.add(registry);
    }

    void record(PoolEvent event) {
        if (event instanceof PoolEvent.CallCompleted call) {
            called(call.command(), call.nanos(), call.error());
        }
        else if (event instanceof PoolEvent.WorkerStarted started) {
            counts.started(started.startMillis());
        }
        else if (event instanceof PoolEvent.WorkerStartFailed) {
            counts.add(Counted.START_FAILURES);
        }
        else if (event instanceof PoolEvent.WorkerCrashed) {
            counts.add(Counted.CRASHES);
        }
        else if (event instanceof PoolEvent.WorkerTimedOut) {
            counts.add(Counted.TIMEOUTS);
        }
        else if (event instanceof PoolEvent.WorkerRetired) {
            counts.add(Counted.RETIREMENTS);
        }
        else if (event instanceof PoolEvent.WorkerRecycled) {
            counts.add(Counted.RECYCLES);
        }
        else if (event instanceof PoolEvent.CircuitOpened) {
            counts.add(Counted.CIRCUIT_OPENINGS);
        }
        else if (event instanceof PoolEvent.SessionMoved) {
            counts.add(Counted.SESSION_MOVES);
        }
    }

    void record(BridgeEvent event) {
        if (event instanceof BridgeEvent.CallCompleted call) {
            called(call.command(), call.nanos(), call.error());
        }
        else if (event instanceof BridgeEvent.WorkerStarted started) {
            counts.started(started.startMillis());
        }
        else if (event instanceof BridgeEvent.WorkerStartFailed) {
            counts.add(Counted.START_FAILURES);
        }
        else if (event instanceof BridgeEvent.WorkerCrashed) {
            counts.add(Counted.CRASHES);
        }
        else if (event instanceof BridgeEvent.WorkerTimedOut) {
            counts.add(Counted.TIMEOUTS);
        }
        else if (event instanceof BridgeEvent.WorkerRetired) {
            counts.add(Counted.RETIREMENTS);
        }
        else if (event instanceof BridgeEvent.WorkerRecycled) {
            counts.add(Counted.RECYCLES);
        }
        else if (event instanceof BridgeEvent.CircuitOpened) {
            counts.add(Counted.CIRCUIT_OPENINGS);
        }
        else if (event instanceof BridgeEvent.SessionMoved) {
            counts.add(Counted.SESSION_MOVES);
        }
    }

    private void called(String command, long nanos, Optional<ErrorCategory> error) {
        String tag = commands.tag(command);
        for (CallTimers registry : timers) {
            registry.record(tag, error, nanos);
        }
    }
}
