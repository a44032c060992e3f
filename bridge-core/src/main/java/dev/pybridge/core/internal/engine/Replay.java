package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.api.Call;
import dev.pybridge.core.internal.worker.Worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Re-runs recorded calls on a worker, one after another, to rebuild state it does not have. */
final class Replay {

    private Replay() {}

    /** Completes when every call has succeeded on {@code worker}; fails with the first failure. */
    static CompletableFuture<Void> run(Worker worker, List<Call> calls, Deadline deadline) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Call call : calls) {
            chain = chain.thenCompose(done -> worker.send(call, deadline).thenApply(result -> null));
        }
        return chain;
    }
}
