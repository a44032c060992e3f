package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.api.Call;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.internal.worker.Worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@link dev.pybridge.api.CallOption#ALL_WORKERS} calls, in order, and how far each worker has
 * applied them. A call's outcome is decided by the first worker that finishes it: if it failed
 * there (bad code, a bad setting, a call that kills or hangs its worker), it is dropped, the
 * caller gets the error, and no worker replays it, so one bad call cannot keep every new worker
 * from starting; if it succeeded, every other worker must apply it too, and one that cannot is
 * not fit to serve.
 */
final class AllWorkersLog {

    private final List<Entry> entries = new ArrayList<>();

    /** One all-workers call and its outcome on the first worker that ran it. */
    static final class Entry {
        final Call call;
        final CompletableFuture<Object> firstOutcome = new CompletableFuture<>();

        Entry(Call call) {
            this.call = call;
        }
    }

    synchronized Entry append(Call call) {
        Entry entry = new Entry(call);
        entries.add(entry);
        return entry;
    }

    synchronized int size() {
        return entries.size();
    }

    private synchronized Entry get(int index) {
        return entries.get(index);
    }

    /**
     * Applies to {@code slot}'s worker, in order, every entry it has not applied; only one caller
     * may apply to a given slot at a time. Fails when the worker cannot take state that other
     * workers took, or dies.
     */
    CompletableFuture<Void> applyPending(Slot slot, Deadline deadline) {
        if (slot.allWorkersApplied >= size()) {
            return CompletableFuture.completedFuture(null);
        }
        Entry entry = get(slot.allWorkersApplied);
        if (entry.firstOutcome.isCompletedExceptionally()) {
            slot.allWorkersApplied++;
            return applyPending(slot, deadline);
        }
        Worker worker = slot.worker();
        return worker.send(entry.call, deadline).handle((result, failure) -> {
            Throwable cause = Futures.unwrap(failure);
            if (cause == null) {
                entry.firstOutcome.complete(result);
            }
            else {
                // The first worker to finish the call decides: if it failed there, in whatever way (it raised, it
                // killed the worker, it hung), the call is dropped and no later worker replays it.
                boolean decided = entry.firstOutcome.completeExceptionally(cause);
                boolean succeededElsewhere = !decided && !entry.firstOutcome.isCompletedExceptionally();
                if (succeededElsewhere || !isCallsFault(cause)) {
                    // This worker lacks state the others have, or it is dead or stuck: it must not serve.
                    throw new CompletionException(cause);
                }
            }
            slot.allWorkersApplied++;
            return null;
        }).thenCompose(applied -> applyPending(slot, deadline));
    }

    // The call itself is wrong (it raised, or was refused): no worker would do better.
    private static boolean isCallsFault(Throwable failure) {
        return failure instanceof PythonException || failure instanceof InvalidRequestException;
    }
}
