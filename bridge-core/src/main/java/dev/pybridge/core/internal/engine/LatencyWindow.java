package dev.pybridge.core.internal.engine;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

import java.util.concurrent.TimeUnit;

/**
 * The latencies of recent calls, for percentiles: the last {@code span} to twice {@code span}
 * calls, in two HdrHistograms that take turns, so that old calls stop counting without a list of
 * every latency. Thread-safe.
 */
final class LatencyWindow {

    // Three significant digits: exact below 2 ms, within 0.1% above; the histograms grow to the longest call seen.
    private static final int DIGITS = 3;

    private final long span;
    private AbstractHistogram current = new IntCountsHistogram(DIGITS);
    private AbstractHistogram previous = new IntCountsHistogram(DIGITS);

    LatencyWindow(long span) {
        if (span < 1) {
            throw new IllegalArgumentException("span must be positive: " + span);
        }
        this.span = span;
    }

    synchronized void record(long nanos) {
        if (current.getTotalCount() >= span) {
            AbstractHistogram full = current;
            current = previous;
            current.reset();
            previous = full;
        }
        current.recordValue(TimeUnit.NANOSECONDS.toMicros(nanos));
    }

    /** The recent latencies in microseconds, as one histogram of its own. */
    AbstractHistogram recentMicros() {
        AbstractHistogram both = new IntCountsHistogram(DIGITS);
        synchronized (this) {
            both.add(previous);
            both.add(current);
        }
        return both;
    }

    /** The percentile of {@code recent} in microseconds, or 0 when nothing was recorded. */
    static long percentile(AbstractHistogram recent, double percent) {
        return recent.getTotalCount() == 0 ? 0 : recent.getValueAtPercentile(percent);
    }
}
