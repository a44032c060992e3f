package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.api.error.BridgeException;

import java.util.concurrent.CompletableFuture;

/** A caller waiting for a worker, in the engine's queue. */
final class Waiter {

    final Slot preferred;
    final boolean strict;
    /** Only {@link #preferred} will do; when it stops serving, the wait fails. */
    final boolean exact;
    final long preferUntilNanos;
    final Deadline deadline;
    final CompletableFuture<Slot> granted = new CompletableFuture<>();
    volatile EngineTime.Timer timer;

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
        EngineTime.Timer pending = timer;
        if (pending != null) {
            pending.cancel();
        }
    }
}
