package dev.pybridge.pool.internal;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.core.worker.Deadline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A caller waiting for a worker, in the pool's queue. */
final class Waiter {

    final Slot preferred;
    final boolean strict;
    /** Only {@link #preferred} will do; when it stops serving, the wait fails. */
    final boolean exact;
    final long preferUntilNanos;
    final Deadline deadline;
    final CompletableFuture<Slot> granted = new CompletableFuture<>();
    volatile ScheduledFuture<?> timer;

    Waiter(Slot preferred, boolean strict, boolean exact, long preferUntilNanos, Deadline deadline) {
        this.preferred = preferred;
        this.strict = strict || exact;
        this.exact = exact;
        this.preferUntilNanos = preferUntilNanos;
        this.deadline = deadline;
    }

    /** Hands {@code slot} to the caller; false if the caller stopped waiting first. */
    boolean grant(Slot slot) {
        cancelTimer();
        return granted.complete(slot);
    }

    void fail(BridgeException reason) {
        cancelTimer();
        granted.completeExceptionally(reason);
    }

    private void cancelTimer() {
        ScheduledFuture<?> pending = timer;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
