package dev.pybridge.core.internal.engine;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.ErrorCategory;
import org.HdrHistogram.AbstractHistogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** Counts finished calls, their errors by category and their latencies. Thread-safe. */
final class CallStats {

    // Percentiles over the last 4,096 to 8,192 calls: recent enough to show a change, enough for a p99.
    private final LatencyWindow latencies = new LatencyWindow(4096);
    private final Map<ErrorCategory, Long> errors = new EnumMap<>(ErrorCategory.class);
    private long calls;

    /** Counts a finished call; returns the category of its failure, or null when it succeeded. */
    synchronized ErrorCategory record(long nanos, Throwable failure) {
        calls++;
        latencies.record(nanos);
        ErrorCategory category = failure == null ? null : categoryOf(failure);
        if (category != null) {
            errors.merge(category, 1L, Long::sum);
        }
        return category;
    }

    Snapshot snapshot() {
        long total;
        Map<ErrorCategory, Long> failed;
        AbstractHistogram recent;
        synchronized (this) {
            total = calls;
            failed = Map.copyOf(errors);
            recent = latencies.recentMicros();
        }
        // The percentiles are read from the copy, with the recording calls no longer held up.
        return new Snapshot(total, failed, LatencyWindow.percentile(recent, 50), LatencyWindow.percentile(recent, 99));
    }

    /** The counts at one moment. */
    record Snapshot(long calls, Map<ErrorCategory, Long> errors, long p50Micros, long p99Micros) {}

    private static ErrorCategory categoryOf(Throwable failure) {
        if (failure instanceof BridgeException bridge) {
            return bridge.category();
        }
        // A caller that cancelled its call abandoned it; anything else that is not ours is a bug in the stream.
        return failure instanceof CancellationException ? ErrorCategory.INTERRUPTED : ErrorCategory.PROTOCOL;
    }
}
