package dev.pybridge.core.worker;

import java.time.Duration;

/**
 * A point in time, on the monotonic clock, by which a call must be answered. One deadline
 * follows a call through every stage (waiting for a worker, running), so waiting spends the same
 * budget as running.
 *
 * @param nanoTime the {@link System#nanoTime()} value at which the deadline passes
 * @param budget the whole time the call was given, for messages
 */
public record Deadline(long nanoTime, Duration budget) {

    /** A deadline {@code budget} from now. */
    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** Nanoseconds left, zero or negative once passed. */
    public long remainingNanos() {
        return nanoTime - System.nanoTime();
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }
}
