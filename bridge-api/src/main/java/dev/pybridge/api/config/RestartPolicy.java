package dev.pybridge.api.config;

import java.time.Duration;

/**
 * How a bridge replaces workers that die or fail to start, and when it stops trying.
 *
 * <p>A <em>failure</em> is a worker that could not be started, or that died sooner than
 * {@code stableAfter} after it became ready (a crash loop: an import that kills the process a
 * moment later, say). Each failure is followed by a wait before the next start, which doubles with
 * each failure counted within the last {@code window}, from {@code initialBackoff} up to
 * {@code maxBackoff}. When more than {@code maxRestarts} failures fall within {@code window}, the
 * circuit opens: no more starts, and calls that no ready worker can take fail at once with a
 * {@link dev.pybridge.api.error.CircuitOpenException}. While it is open, one probe start is tried
 * every {@code probeInterval}; the first worker that becomes ready closes the circuit and clears
 * the count.
 *
 * <p>A worker that dies after serving for {@code stableAfter} or longer is not a failure: it is
 * replaced at once, whatever the count.
 *
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait between starts
 * @param maxRestarts how many failures {@code window} tolerates (the restart intensity)
 * @param window the span over which failures are counted
 * @param stableAfter how long a worker must live after it became ready for its death not to count
 *     as a failure
 * @param probeInterval while the circuit is open, how often one start is tried
 * @since 0.1
 */
public record RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window,
        Duration stableAfter, Duration probeInterval) {

    /** The default {@link #stableAfter()}: 5 s. */
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(5);

    /** The default {@link #probeInterval()}: 5 s. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public RestartPolicy {
        Settings.requirePositive("initialBackoff", initialBackoff);
        Settings.requirePositive("maxBackoff", maxBackoff);
        Settings.requirePositive("window", window);
        Settings.requireNotNegative("stableAfter", stableAfter);
        Settings.requirePositive("probeInterval", probeInterval);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") is shorter than initialBackoff (" + initialBackoff + ")");
        }
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts is negative: " + maxRestarts);
        }
    }

    /** A policy with the default {@link #stableAfter()} and {@link #probeInterval()}. */
    public RestartPolicy(Duration initialBackoff, Duration maxBackoff, int maxRestarts, Duration window) {
        this(initialBackoff, maxBackoff, maxRestarts, window, DEFAULT_STABLE_AFTER, DEFAULT_PROBE_INTERVAL);
    }

    /** 100 ms doubling to 5 s; at most 5 failures a minute; stable after 5 s; a probe every 5 s. */
    public static RestartPolicy defaults() {
        return new RestartPolicy(Duration.ofMillis(100), Duration.ofSeconds(5), 5, Duration.ofMinutes(1));
    }

    /** This policy tolerating {@code value} failures within {@link #window()}. */
    public RestartPolicy withMaxRestarts(int value) {
        return new RestartPolicy(initialBackoff, maxBackoff, value, window, stableAfter, probeInterval);
    }

    /** This policy counting failures over {@code value}. */
    public RestartPolicy withWindow(Duration value) {
        return new RestartPolicy(initialBackoff, maxBackoff, maxRestarts, value, stableAfter, probeInterval);
    }

    /** This policy with {@code value} as {@link #stableAfter()}. */
    public RestartPolicy withStableAfter(Duration value) {
        return new RestartPolicy(initialBackoff, maxBackoff, maxRestarts, window, value, probeInterval);
    }

    /** This policy with {@code value} as {@link #probeInterval()}. */
    public RestartPolicy withProbeInterval(Duration value) {
        return new RestartPolicy(initialBackoff, maxBackoff, maxRestarts, window, stableAfter, value);
    }

    /** The wait before the next start when {@code failures} failures fall within the window (1 for the first). */
    public Duration backoff(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        Duration backoff = initialBackoff;
        for (int i = 1; i < failures && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }
}
