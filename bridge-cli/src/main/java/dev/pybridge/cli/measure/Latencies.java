package dev.pybridge.cli.measure;

import java.util.Arrays;

/** Percentiles of a set of measured durations, in nanoseconds. */
public final class Latencies {

    private final long[] sorted;

    public Latencies(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** The value below which {@code percent} of the measurements fall (nearest rank). */
    public long percentileNanos(double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public long percentileMicros(double percent) {
        return Math.round(percentileNanos(percent) / 1000.0);
    }
}
