package dev.pybridge.api.config;

import java.time.Duration;

/**
 * How a supervisor restarts a worker that died or failed to start: after a backoff that doubles
 * from {@code initialBackoff} up to {@code maxBackoff}, and at most {@code maxRestarts} times within
 * {@code window}. Past that limit the supervisor stops trying for one {@code window} and fails
 * calls at once with a {@link dev.pybridge.api.error.CircuitOpenException}; the first call after it
 * tries one start again.
 *
 * @param initialBackoff the wait before the first restart
 * @param maxBackoff the longest wait between restarts
 * @param maxRestarts how many restarts {@code window} allows (the restart intensity)
 * @param window the span over which restarts are counted
 * @since 0.1
 */
public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window) {

    public RestartPolicy {
        Settings.requirePositive("initialBackoff", initialBackoff);
        Settings.requirePositive("maxBackoff", maxBackoff);
        Settings.requirePositive("window", window);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") is shorter than initialBackoff (" + initialBackoff + ")");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts is negative: " + maxRestarts);
        }
    }

    /** 100 ms doubling to 5 s; at most 5 restarts a minute. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofMinutes(1));
    }

    /** The wait before restart number {@code attempt} (1 for the first). */
    public Duration backoff(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        Duration backoff = initialBackoff;
        for (int i = 1; i < attempt && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
