package dev.pybridge.core.internal.engine;

import dev.pybridge.api.config.RestartPolicy;

import java.util.ArrayDeque;

import static java.util.Objects.requireNonNull;

/**
 * Decides when workers may start, from the failures counted against a {@link RestartPolicy}: a
 * start that failed, or a worker that died sooner than {@link RestartPolicy#stableAfter()} after it
 * became ready. The wait before the next start doubles with each failure within the window; past
 * {@link RestartPolicy#maxRestarts()} failures the circuit opens, and one probe start is let through
 * per {@link RestartPolicy#probeInterval()} until a worker becomes ready again. Not thread-safe; its
 * owner guards it. Time is given, never read, so tests drive it by hand.
 */
final class StartGovernor {

    private final RestartPolicy policy;
    private final ArrayDeque<Long> failures = new ArrayDeque<>();
    private boolean open;
    private long nextProbeNanos;

    StartGovernor(RestartPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Records a failed start; returns true when this failure opened the circuit. */
    boolean failed(long nowNanos) {
        forgetOld(nowNanos);
        failures.addLast(nowNanos);
        if (!open && failures.size() > policy.maxRestarts()) {
            open = true;
            nextProbeNanos = nowNanos + policy.probeInterval().toNanos();
            return true;
        }
        if (open) {
            nextProbeNanos = nowNanos + policy.probeInterval().toNanos();
        }
        return false;
    }

    /** Whether a worker that lived {@code uptimeNanos} counts as a failure when it dies. */
    boolean isEarlyDeath(long uptimeNanos) {
        return uptimeNanos < policy.stableAfter().toNanos();
    }

    /** Records a worker that became ready; returns true when it closed an open circuit (which clears the count). */
    boolean started() {
        if (!open) {
            return false;
        }
        open = false;
        failures.clear();
        return true;
    }

    boolean isOpen() {
        return open;
    }

    /** Failures counted within the window. */
    int recentFailures(long nowNanos) {
        forgetOld(nowNanos);
        return failures.size();
    }

    /**
     * How long to wait, from {@code nowNanos}, before the next start may go: the backoff after the
     * last failure, or, while the circuit is open, the time until the next probe.
     */
    long delayNanos(long nowNanos) {
        if (open) {
            return Math.max(0, nextProbeNanos - nowNanos);
        }
        forgetOld(nowNanos);
        if (failures.isEmpty()) {
            return 0;
        }
        long due = failures.peekLast() + policy.backoff(failures.size()).toNanos();
        return Math.max(0, due - nowNanos);
    }

    /** While the circuit is open: takes the probe due now, if there is one; the next waits a whole interval. */
    boolean tryProbe(long nowNanos) {
        if (!open || nextProbeNanos - nowNanos > 0) {
            return false;
        }
        nextProbeNanos = nowNanos + policy.probeInterval().toNanos();
        return true;
    }

    private void forgetOld(long nowNanos) {
        long window = policy.window().toNanos();
        while (!failures.isEmpty() && nowNanos - failures.peekFirst() > window) {
            failures.removeFirst();
        }
    }
}
