package dev.pybridge.core.internal.engine;

import java.util.Arrays;

/** The latencies of the most recent calls, for percentiles; older ones are overwritten. Thread-safe. */
final class LatencyWindow {

    private final long[] nanos;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        nanos = new long[capacity];
    }

    synchronized void record(long value) {
        nanos[next] = value;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
    }

    /** The nearest-rank percentile in microseconds, or 0 when nothing was recorded. */
    long percentileMicros(double percent) {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(nanos, size);
        }
        if (sorted.length == 0) {
            return 0;
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000;
    }
}
