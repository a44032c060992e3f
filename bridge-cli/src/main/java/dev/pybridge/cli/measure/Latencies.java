package dev.pybridge.cli.measure;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Measured durations, in an HdrHistogram: its memory follows the range of the values (at most
 * about 1 MiB for any span a bridge's clock can count), never their number, so a run of a
 * billion calls keeps the same few kilobytes as a run of ten.
 */
public final class Latencies {

    // Three digits: a percentile is reported at most 0.1% above the measured value, far below the noise of a round trip.
    private static final int SIGNIFICANT_DIGITS = 3;

    // Concurrent: the load command records from the threads that complete the pool's calls.
    private final Histogram histogram = new ConcurrentHistogram(SIGNIFICANT_DIGITS);

    /** Records one measurement. */
    public void recordNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("a duration cannot be negative: " + nanos + " ns");
        }
        histogram.recordValue(nanos);
    }

    /** How many measurements were recorded. */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The value at or below which {@code percent} of the measurements fall (nearest rank), in
     * whole microseconds; 0 when nothing was recorded.
     */
    public long percentileMicros(double percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be between 0 and 100: " + percent);
        }
        return Math.round(histogram.getValueAtPercentile(percent) / 1000.0);
    }
}
