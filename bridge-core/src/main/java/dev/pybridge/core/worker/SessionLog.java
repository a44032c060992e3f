package dev.pybridge.core.worker;

import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.error.SessionException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * The calls that built one session's state ({@link CallOption#SESSION_STATE}), in order, and the
 * worker that holds that state. When the session's next call has to run on another worker (its
 * worker died, or the pool moved it), {@link #readyOn} replays the calls there first.
 * Thread-safe.
 */
public final class SessionLog {

    private final String session;
    private final List<Call> calls = new ArrayList<>();
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
     * Completes when {@code worker} holds the session's state, replaying the recorded calls there
     * if it does not. Fails with a {@link SessionException} when a replayed call fails.
     */
    public synchronized CompletableFuture<Void> readyOn(Worker worker, Deadline deadline) {
        if (builtOn == worker) {
            return CompletableFuture.completedFuture(null);
        }
        if (calls.isEmpty()) {
            builtOn = worker;
            return CompletableFuture.completedFuture(null);
        }
        if (rebuildingOn == worker) {
            return rebuilding;
        }
        String from = builtOn == null ? "a worker that is gone" : builtOn.id();
        rebuildingOn = worker;
        CompletableFuture<Void> replay = Replay.run(worker, List.copyOf(calls), deadline);
        rebuilding = replay.handle((done, failure) -> rebuilt(worker, from, failure));
        return rebuilding;
    }

    /** Records a call that succeeded on {@code worker}; only {@link CallOption#SESSION_STATE} calls are kept. */
    public synchronized void succeeded(Call call, Worker worker) {
        if (call.has(CallOption.SESSION_STATE)) {
            calls.add(call);
            builtOn = worker;
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

    private synchronized Void rebuilt(Worker worker, String from, Throwable failure) {
        if (rebuildingOn == worker) {
            rebuildingOn = null;
            rebuilding = null;
        }
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            throw new SessionException("session '" + session + "' could not be rebuilt on worker " + worker.id()
                    + " (it was on " + from + "): replaying its " + calls.size() + " recorded calls failed: " + cause.getMessage(), cause);
        }
        builtOn = worker;
        moves++;
        return null;
    }
}
