package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.error.SessionException;
import dev.pybridge.core.internal.worker.Worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * The calls that built one session's state ({@link CallOption#SESSION_STATE}), in order, and the
 * worker that holds that state. When the session's next call has to run on another worker (its
 * worker died, or the pool moved it), {@link #readyOn} rebuilds it there first: it clears
 * whatever that worker still holds of the session from an earlier visit, then replays the calls,
 * so that nothing runs twice in one namespace. Thread-safe; never sends while holding its lock.
 */
public final class SessionLog {

    private static final String SESSION_CLOSE = "session.close";

    private final String session;
    private final List<Call> calls = new ArrayList<>();
    private boolean placed;
    private Worker builtOn;
    private Worker rebuildingOn;
    private CompletableFuture<Void> rebuilding;
    private int moves;

    public SessionLog(String session) {
        this.session = requireNonNull(session, "session is null");
    }

    public String session() {
        return session;
    }

    /**
     * Completes when {@code worker} holds the session's state, rebuilding it there if it does
     * not. Fails with a {@link SessionException} when a replayed call fails.
     */
    public CompletableFuture<Void> readyOn(Worker worker, Deadline deadline) {
        List<Call> replay;
        String from;
        CompletableFuture<Void> rebuilt;
        synchronized (this) {
            if (builtOn == worker) {
                return CompletableFuture.completedFuture(null);
            }
            if (!placed) {
                placed = true;
                builtOn = worker;
                return CompletableFuture.completedFuture(null);
            }
            if (rebuildingOn == worker) {
                return rebuilding;
            }
            from = builtOn == null ? "no worker that still has it" : builtOn.id();
            replay = new ArrayList<>(calls.size() + 1);
            replay.add(Call.of(SESSION_CLOSE).inSession(session));
            replay.addAll(calls);
            rebuilt = new CompletableFuture<>();
            rebuildingOn = worker;
            rebuilding = rebuilt;
        }
        Replay.run(worker, replay, deadline).whenComplete((done, failure) -> rebuilt(worker, from, replay.size() - 1, failure, rebuilt));
        return rebuilt;
    }

    /**
     * Records a call that succeeded on {@code worker}; only {@link CallOption#SESSION_STATE} calls
     * are kept. When the session was rebuilt elsewhere while this call ran, no worker has the whole
     * state any more, and the next call rebuilds it in full.
     */
    public synchronized void succeeded(Call call, Worker worker) {
        if (!call.has(CallOption.SESSION_STATE)) {
            return;
        }
        calls.add(call);
        if (!placed) {
            placed = true;
            builtOn = worker;
        }
        else if (builtOn != worker) {
            builtOn = null;
        }
    }

    /** How many times the session was rebuilt on another worker. */
    public synchronized int moves() {
        return moves;
    }

    /** The recorded calls, oldest first. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private void rebuilt(Worker worker, String from, int replayed, Throwable failure, CompletableFuture<Void> rebuilt) {
        synchronized (this) {
            if (rebuildingOn == worker) {
                rebuildingOn = null;
                rebuilding = null;
            }
            if (failure == null) {
                builtOn = worker;
                moves++;
            }
        }
        if (failure == null) {
            rebuilt.complete(null);
            return;
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        rebuilt.completeExceptionally(new SessionException("session '" + session + "' could not be rebuilt on worker " + worker.id()
                + " (it was on " + from + "): replaying its " + replayed + " recorded calls failed: " + cause.getMessage(), cause));
    }
}
