package dev.pybridge.core.internal;

import dev.pybridge.api.config.RestartPolicy;

import java.util.ArrayDeque;

import static java.util.Objects.requireNonNull;

/**
 * Counts worker failures against a {@link RestartPolicy}: how long to wait before the next start,
 * and whether failures came so fast that starting should stop for a while (the circuit opens).
 * Not thread-safe; its owner guards it.
 */
public final class RestartBudget {

    private final RestartPolicy policy;
    private final ArrayDeque<Long> failureTimes = new ArrayDeque<>();
    private int consecutiveFailures;
    private long lastFailureNanos;
    private long openUntilNanos;
    private boolean open;

    public RestartBudget(RestartPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Records a worker that died or failed to start. */
    public void failed(long nowNanos) {
        consecutiveFailures++;
        lastFailureNanos = nowNanos;
        failureTimes.addLast(nowNanos);
        while (!failureTimes.isEmpty() && nowNanos - failureTimes.peekFirst() > policy.window().toNanos()) {
            failureTimes.removeFirst();
        }
        if (failureTimes.size() > policy.maxRestarts()) {
            open = true;
            openUntilNanos = nowNanos + policy.maxBackoff().toNanos();
        }
    }

    /** Records a worker that started and became ready. */
    public void started() {
        consecutiveFailures = 0;
        open = false;
    }

    /** Whether starts are suspended at {@code nowNanos}. */
    public boolean isOpen(long nowNanos) {
        return open && nowNanos - openUntilNanos < 0;
    }

    /** Nanoseconds until the circuit lets a probe start through. */
    public long openForNanos(long nowNanos) {
        return Math.max(0, openUntilNanos - nowNanos);
    }

    /** How long to wait, from {@code nowNanos}, before the next start. */
    public long delayNanos(long nowNanos) {
        if (consecutiveFailures == 0) {
            return 0;
        }
        long due = lastFailureNanos + policy.backoff(consecutiveFailures).toNanos();
        return Math.max(0, due - nowNanos);
    }

    /** Failures counted within the current window. */
    public int recentFailures() {
        return failureTimes.size();
    }
}
