package dev.pybridge.pool.internal;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Opens when worker starts fail {@code threshold} times within a window, so that callers are
 * refused at once instead of waiting on a Python that cannot start; while open, one probe start
 * is let through per interval, and a successful start closes it. Guarded by its owner's lock.
 */
final class CircuitBreaker {

    private final int threshold;
    private final long windowNanos;
    private final long probeIntervalNanos;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private boolean open;
    private long lastProbeNanos;

    CircuitBreaker(int threshold, Duration window, Duration probeInterval) {
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
        this.probeIntervalNanos = probeInterval.toNanos();
    }

    /** Records a failed start; returns true when this failure opened the circuit. */
    boolean failed(long nowNanos) {
        failures.addLast(nowNanos);
        while (!failures.isEmpty() && nowNanos - failures.peekFirst() > windowNanos) {
            failures.removeFirst();
        }
        if (!open && failures.size() >= threshold) {
            open = true;
            lastProbeNanos = nowNanos;
            return true;
        }
        return false;
    }

    /** Records a successful start; returns true when it closed an open circuit. */
    boolean succeeded() {
        failures.clear();
        boolean wasOpen = open;
        open = false;
        return wasOpen;
    }

    boolean isOpen() {
        return open;
    }

    int recentFailures() {
        return failures.size();
    }

    /** Whether a probe start may go now; if so, the next one waits a whole interval. */
    boolean tryProbe(long nowNanos) {
        if (nowNanos - lastProbeNanos < probeIntervalNanos) {
            return false;
        }
        lastProbeNanos = nowNanos;
        return true;
    }

    /** Nanoseconds until the next probe may go. */
    long nanosUntilProbe(long nowNanos) {
        return Math.max(0, lastProbeNanos + probeIntervalNanos - nowNanos);
    }
}
