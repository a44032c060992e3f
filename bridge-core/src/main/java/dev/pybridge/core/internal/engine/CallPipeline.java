package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.internal.worker.Worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The one path every call takes, whatever the topology: check the arguments, lease a worker,
 * rebuild the call's session there if it moved, send, record what defines the session, and send
 * an idempotent call once more when its worker died under it. Calls for all workers take the
 * all-workers log instead of a lease.
 *
 * <p>The caller gets a future of its own: the bookkeeping (returning the lease, recording session
 * state) hangs off stages nobody else can complete, so a caller that cancels, or applies
 * {@code orTimeout}, cannot make it skip. Cancelling abandons the call: a queued one never runs, a
 * running one gets a {@code cancel} request.
 */
final class CallPipeline {

    private static final String SESSION_CLOSE = "session.close";

    private final EngineConfig config;
    private final EngineTime time;
    private final WorkerTable table;
    private final SessionStore sessions;
    private final EngineListener events;
    private final CallStats stats;

    CallPipeline(EngineConfig config, EngineTime time, WorkerTable table, SessionStore sessions, EngineListener events, CallStats stats) {
        this.config = requireNonNull(config, "config is null");
        this.time = requireNonNull(time, "time is null");
        this.table = requireNonNull(table, "table is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.events = requireNonNull(events, "events is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    CompletableFuture<Object> submit(Call call) {
        return submit(call, null).result();
    }

    /**
     * Sends a call whose thread {@code caller} (null: none) waits for it: sent on that thread to a
     * worker that allows it, its reply is the caller's to read ({@link Submitted#readFrom()}).
     */
    Submitted submit(Call call, Thread caller) {
        requireNonNull(call, "call is null");
        Deadline deadline = Deadline.after(time, call.timeout().orElse(config.bridge().callTimeout()));
        long started = time.nanoTime();
        Attempt attempt = new Attempt(caller);
        CompletableFuture<Object> result = call.has(CallOption.ALL_WORKERS)
                ? toAllWorkers(call, deadline)
                : route(call, deadline, attempt);
        result.whenComplete((value, failure) -> completed(call, started, failure));
        return new Submitted(result, deadline, attempt);
    }

    /** A call sent: its outcome, its deadline, and the worker whose reply its caller reads, if any. */
    record Submitted(CompletableFuture<Object> result, Deadline deadline, Attempt attempt) {

        /** The worker the call was last sent to on its caller's thread, whose reply the caller reads; null when none. */
        Worker readFrom() {
            return attempt.readFrom;
        }
    }

    private void completed(Call call, long started, Throwable failure) {
        long nanos = time.nanoTime() - started;
        Throwable cause = Futures.unwrap(failure);
        events.callCompleted(call.command(), nanos, java.util.Optional.ofNullable(stats.record(nanos, cause)));
    }

    private CompletableFuture<Object> route(Call call, Deadline deadline, Attempt attempt) {
        attempt.out.whenComplete((value, failure) -> {
            CompletableFuture<Object> sent = attempt.sent;
            if (attempt.out.isCancelled() && sent != null) {
                sent.cancel(true);
            }
        });
        send(call, deadline, call.has(CallOption.IDEMPOTENT), attempt);
        return attempt.out;
    }

    /** The caller's future, the worker's future once the call has been sent, and who reads the reply. */
    static final class Attempt {
        final CompletableFuture<Object> out = new CompletableFuture<>();
        final Thread caller;
        volatile CompletableFuture<Object> sent;
        volatile Worker readFrom;

        Attempt(Thread caller) {
            this.caller = caller;
        }
    }

    private void send(Call call, Deadline deadline, boolean mayRetry, Attempt attempt) {
        Session session = sessionOf(call);
        Slot home = session == null ? null : session.home();
        CompletableFuture<Slot> lease = table.acquire(home, config.strictAffinity() && home != null, deadline);
        if (lease.isDone() && !lease.isCompletedExceptionally()) {
            run(lease.join(), call, session, deadline, mayRetry, attempt);
            return;
        }
        // Checked here, before the call waits: the caller learns of a bad argument at once, not when a worker frees up.
        try {
            PyValues.requireSupported("args", call.args());
        }
        catch (IllegalArgumentException e) {
            attempt.out.completeExceptionally(e);
            lease.thenAccept(table::returnLease);
            throw e;
        }
        lease.whenComplete((slot, failure) -> {
            if (failure != null) {
                attempt.out.completeExceptionally(Futures.unwrap(failure));
            }
            else if (attempt.out.isDone()) {
                table.returnLease(slot);
            }
            else {
                run(slot, call, session, deadline, mayRetry, attempt);
            }
        });
    }

    // A session is remembered when a call defines its state, or when there are several workers to choose from.
    private Session sessionOf(Call call) {
        if (call.session().isEmpty()) {
            return null;
        }
        String id = call.session().get();
        return call.has(CallOption.SESSION_STATE) || config.size() > 1 ? sessions.touch(id) : sessions.find(id).orElse(null);
    }

    private void run(Slot slot, Call call, Session session, Deadline deadline, boolean mayRetry, Attempt attempt) {
        if (deadline.expired()) {
            // Its deadline passed before it could be sent (a tiny timeout, a long wait for the lease): it never runs.
            table.returnLease(slot);
            attempt.out.completeExceptionally(new BridgeTimeoutException("'" + call.command() + "' passed its deadline of "
                    + deadline.describeBudget() + " before it could be sent to a worker of " + config.name(), deadline.budget()));
            return;
        }
        Worker worker = slot.worker();
        Slot previous = session == null ? null : session.home();
        CompletableFuture<Object> done;
        try {
            done = session == null
                    ? sendTo(worker, call, deadline, attempt)
                    : session.log().readyOn(worker, deadline).thenCompose(ready -> sendTo(worker, call, deadline, attempt));
        }
        catch (RuntimeException e) {
            table.returnLease(slot);
            attempt.out.completeExceptionally(e);
            throw e;
        }
        done.whenComplete((value, failure) -> {
            Throwable cause = Futures.unwrap(failure);
            CompletableFuture<Object> sent = attempt.sent;
            boolean neverRan = cause instanceof WorkerCrashedException && sent != null && worker.neverReceived(sent);
            try {
                table.release(slot);
                if (session != null) {
                    ran(session, slot, previous, call, cause);
                }
            }
            finally {
                finish(call, deadline, mayRetry, neverRan, attempt, value, cause);
            }
        });
    }

    // Completes the caller's future, or sends the call once more; whatever the bookkeeping did, the caller hears. A call
    // its worker never received goes to another worker whatever it is; an idempotent one that may have run, once.
    private void finish(Call call, Deadline deadline, boolean mayRetry, boolean neverRan, Attempt attempt, Object value, Throwable cause) {
        if (cause == null) {
            attempt.out.complete(value);
        }
        else if ((neverRan || mayRetry && cause instanceof WorkerCrashedException) && !deadline.expired() && !attempt.out.isDone()) {
            try {
                send(call, deadline, mayRetry && neverRan, attempt);
            }
            catch (RuntimeException e) {
                attempt.out.completeExceptionally(e);
            }
        }
        else {
            attempt.out.completeExceptionally(cause);
        }
    }

    // Sent on the waiting caller's own thread to a worker that allows it, the reply is the caller's to read.
    private static CompletableFuture<Object> sendTo(Worker worker, Call call, Deadline deadline, Attempt attempt) {
        boolean callerReads = attempt.caller == Thread.currentThread() && worker.readsOnCallerThread();
        CompletableFuture<Object> sent = worker.send(call, deadline, callerReads);
        if (callerReads) {
            attempt.readFrom = worker;
        }
        attempt.sent = sent;
        if (attempt.out.isCancelled()) {
            sent.cancel(true);
        }
        return sent;
    }

    // After a session's call: record what defines it, note where it lives now, and say so if it moved.
    private void ran(Session session, Slot slot, Slot previous, Call call, Throwable failure) {
        boolean reachedPython = failure == null || failure instanceof PythonException || failure instanceof InvalidRequestException;
        if (!reachedPython) {
            return;
        }
        if (failure == null) {
            session.log().succeeded(call, slot.worker());
            if (SESSION_CLOSE.equals(call.command())) {
                sessions.forget(session.id());
                return;
            }
        }
        session.moveTo(slot);
        if (previous != null && previous != slot) {
            // The old worker keeps a stale namespace until the session comes back (a rebuild clears it first) or the worker goes.
            events.sessionMoved(session.id(), previous.id(), slot.id());
        }
    }

    /**
     * Runs an all-workers call on every worker serving now (the result is the first one's) and
     * records it for every worker started later, which applies it before it serves.
     */
    private CompletableFuture<Object> toAllWorkers(Call call, Deadline deadline) {
        PyValues.requireSupported("args", call.args());
        WorkerTable.AllWorkersTargets recorded = table.appendAllWorkers(call);
        CompletableFuture<Object> outcome = recorded.entry().firstOutcome;
        if (recorded.targets().isEmpty()) {
            // No worker serves yet: the first to start applies it before it serves.
            table.fill();
            return withDeadline(outcome, deadline);
        }
        List<CompletableFuture<Throwable>> applied = recorded.targets().stream()
                .map(slot -> table.applyAllWorkersCalls(slot, deadline).handle((done, failure) -> Futures.unwrap(failure)))
                .toList();
        return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            if (outcome.isDone()) {
                return outcome;
            }
            Throwable failure = applied.stream().map(CompletableFuture::join).filter(error -> error != null).findFirst()
                    .orElseGet(() -> new BridgeTimeoutException("'" + call.command() + "' reached no worker", deadline.budget()));
            return CompletableFuture.failedFuture(failure);
        });
    }

    private CompletableFuture<Object> withDeadline(CompletableFuture<Object> outcome, Deadline deadline) {
        CompletableFuture<Object> bounded = outcome.copy();
        EngineTime.Timer timer = time.schedule(() -> bounded.completeExceptionally(new BridgeTimeoutException(
                "the call passed its deadline of " + deadline.describeBudget() + " while waiting for a worker of " + config.name()
                        + " to start", deadline.budget())), deadline.remainingNanos());
        bounded.whenComplete((value, failure) -> timer.cancel());
        return bounded;
    }
}
