package dev.pybridge.pool.internal;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.pool.PoolEvent;
import dev.pybridge.pool.PoolListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/** Hands events to the listeners, and keeps the call counters and latencies that stats report. */
public final class PoolEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PoolEvents.class);

    private final List<PoolListener> listeners;
    private final LongAdder calls = new LongAdder();
    private final Map<ErrorCategory, LongAdder> errors = new EnumMap<>(ErrorCategory.class);
    private final LatencyWindow latencies = new LatencyWindow(8192);

    public PoolEvents(List<PoolListener> listeners) {
        this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        for (ErrorCategory category : ErrorCategory.values()) {
            errors.put(category, new LongAdder());
        }
    }

    public void publish(PoolEvent event) {
        for (PoolListener listener : listeners) {
            try {
                listener.onEvent(event);
            }
            catch (RuntimeException e) {
                LOG.warn("pool listener {} failed on {}: {}", listener, event, e.toString());
            }
        }
    }

    /** Counts a finished call; {@code failure} is null when it succeeded. */
    public void callCompleted(String command, long nanos, Throwable failure) {
        calls.increment();
        latencies.record(nanos);
        Optional<ErrorCategory> category = Optional.ofNullable(failure).map(PoolEvents::categoryOf);
        category.ifPresent(value -> errors.get(value).increment());
        if (!listeners.isEmpty()) {
            publish(new PoolEvent.CallCompleted(command, nanos, category));
        }
    }

    private static ErrorCategory categoryOf(Throwable failure) {
        if (failure instanceof BridgeException bridge) {
            return bridge.category();
        }
        // A caller that cancelled its call abandoned it; anything else that is not ours is a bug in the stream.
        return failure instanceof CancellationException ? ErrorCategory.INTERRUPTED : ErrorCategory.PROTOCOL;
    }

    public long calls() {
        return calls.sum();
    }

    public Map<ErrorCategory, Long> errors() {
        Map<ErrorCategory, Long> counts = new EnumMap<>(ErrorCategory.class);
        errors.forEach((category, count) -> {
            if (count.sum() > 0) {
                counts.put(category, count.sum());
            }
        });
        return counts;
    }

    public long percentileMicros(double percent) {
        return latencies.percentileMicros(percent);
    }
}
