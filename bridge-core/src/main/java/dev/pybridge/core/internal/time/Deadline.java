package dev.pybridge.core.internal.time;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The point in time by which a call must be answered. One deadline follows a call through every
 * stage (waiting for a worker, rebuilding its session, running, a retry), so waiting spends the
 * same budget as running.
 */
public final class Deadline {

    private final EngineTime time;
    private final long dueNanos;
    private final Duration budget;

    private Deadline(EngineTime time, long dueNanos, Duration budget) {
        this.time = time;
        this.dueNanos = dueNanos;
        this.budget = budget;
    }

    /**
     * A deadline {@code budget} from now. Budgets are at most
     * {@link dev.pybridge.api.config.BridgeConfig#MAX_DURATION}, so the sum cannot overflow in a way
     * that the wrap-safe comparisons below would misread.
     */
    public static Deadline after(EngineTime time, Duration budget) {
        requireNonNull(time, "time is null");
        requireNonNull(budget, "budget is null");
        return new Deadline(time, time.nanoTime() + budget.toNanos(), budget);
    }

    /** The {@link EngineTime#nanoTime()} reading at which the deadline passes. */
    public long dueNanos() {
        return dueNanos;
    }

    /** The whole time the call was given, for messages. */
    public Duration budget() {
        return budget;
    }

    /** Nanoseconds left, zero or negative once passed. */
    public long remainingNanos() {
        return dueNanos - time.nanoTime();
    }

    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /** The budget in words: "2 s" or "250 ms". */
    public String describeBudget() {
        return describe(budget);
    }

    /** A duration in words, for messages: "250 ms", "2 s", "1 min". */
    public static String describe(Duration duration) {
        if (duration.compareTo(Duration.ofMillis(1)) < 0) {
            long micros = duration.toNanos() / 1000;
            return micros > 0 ? micros + " us" : duration.toNanos() + " ns";
        }
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public String toString() {
        return "Deadline[" + describeBudget() + ", " + remainingNanos() + " ns left]";
    }
}
