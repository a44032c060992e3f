package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.core.worker.WorkerExecutors;
import dev.pybridge.core.worker.WorkerStarter;
import dev.pybridge.pool.internal.HealthChecks;
import dev.pybridge.pool.internal.OrphanSweeper;
import dev.pybridge.pool.internal.PoolEvents;
import dev.pybridge.pool.internal.PoolSession;
import dev.pybridge.pool.internal.PoolSessions;
import dev.pybridge.pool.internal.PoolWideState;
import dev.pybridge.pool.internal.Slot;
import dev.pybridge.pool.internal.WorkerPool;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PythonBridge} over a pool of supervised workers.
 *
 * <ul>
 *   <li>Workers start in parallel and get work only once ready. Each call has one deadline,
 *       spent across waiting for a worker and running; waiting callers queue in arrival order,
 *       up to {@link PoolConfig#maxQueued()}, and get a {@link dev.pybridge.api.error.PoolExhaustedException}
 *       when no worker frees up in time.</li>
 *   <li>A worker that dies, fails its health check or breaks the protocol is replaced while the
 *       others serve; only its calls in flight fail ({@link WorkerCrashedException}), and an
 *       {@link CallOption#IDEMPOTENT} one is sent once more, to another worker. A call that passes
 *       its deadline fails with a {@link BridgeTimeoutException}; its worker is asked to cancel,
 *       given {@link PoolConfig#cancelGrace()}, then killed and replaced.</li>
 *   <li>Sessions stick to their worker ({@link AffinityMode}). Their {@link CallOption#SESSION_STATE}
 *       calls are recorded, and replayed on another worker before the next call when the
 *       session has to move; {@link #session(String)} and {@link PoolEvent.SessionMoved} tell
 *       that it moved.</li>
 *   <li>{@link CallOption#ALL_WORKERS} calls run on every worker serving now (the future
 *       completes when all have run it, with the first one's result) and on every worker started
 *       later.</li>
 *   <li>Workers are recycled one at a time by call count, age or memory, the replacement
 *       ready before the old one stops taking calls. When starts keep failing, calls that no worker
 *       can serve fail at once with a {@link dev.pybridge.api.error.CircuitOpenException} until a
 *       probe start succeeds.</li>
 *   <li>Closing drains: no new calls, calls in flight finish within the grace period, each worker
 *       is asked to exit, and killed if it does not.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class PooledBridge implements PythonBridge {

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final String SESSION_CLOSE = "session.close";

    private final PoolConfig config;
    private final WorkerExecutors executors;
    private final PoolEvents events;
    private final PoolSessions sessions;
    private final WorkerPool pool;
    private final ScheduledFuture<?> healthChecks;

    /**
     * Builds a pool; with {@code config.bridge().eagerStart()} on, waits until every worker is
     * ready, retrying a start that fails like any replacement.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when starts keep failing until the circuit opens
     */
    @Inject
    public PooledBridge(PoolConfig config, WorkerLauncher launcher, Set<PoolListener> listeners) {
        this.config = requireNonNull(config, "config is null");
        requireNonNull(launcher, "launcher is null");
        String name = "pool" + POOLS.incrementAndGet();
        this.executors = new WorkerExecutors("pybridge-" + name);
        this.events = new PoolEvents(new ArrayList<>(requireNonNull(listeners, "listeners is null")));
        this.sessions = new PoolSessions(config, events, executors.blockingTasks(), executors.scheduler());
        WorkerStarter starter = new WorkerStarter(config.bridge(), launcher, executors);
        this.pool = new WorkerPool(name, config, starter, executors, events, new PoolWideState());
        long interval = config.healthCheckInterval().toNanos();
        this.healthChecks = executors.scheduler().scheduleWithFixedDelay(
                () -> executors.blockingTasks().execute(new HealthChecks(config, pool)), interval, interval, TimeUnit.NANOSECONDS);
        if (config.bridge().eagerStart()) {
            awaitFull();
        }
        // After the first workers started, not beside them: the sweep reads every process's command line,
        // and on a small machine that competes with the interpreters starting.
        executors.blockingTasks().execute(() -> OrphanSweeper.sweep(WorkerStarter.runId()));
    }

    /** A pool whose workers run on this machine, with no listeners. */
    public static PooledBridge start(PoolConfig config) {
        return new PooledBridge(config, new LocalProcessLauncher(), Set.of());
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        requireNonNull(call, "call is null");
        Deadline deadline = Deadline.after(call.timeout().orElse(config.bridge().callTimeout()));
        long started = System.nanoTime();
        CompletableFuture<Object> result = call.has(CallOption.ALL_WORKERS)
                ? broadcast(call, deadline)
                : route(call, deadline, call.has(CallOption.IDEMPOTENT));
        result.whenComplete((value, failure) -> events.callCompleted(call.command(), System.nanoTime() - started, unwrap(failure)));
        return result;
    }

    /** The pool's counters now. */
    public PoolStats stats() {
        return new PoolStats(pool.workersByState(), pool.queued(), events.calls(), events.errors(),
                events.percentileMicros(50), events.percentileMicros(99), pool.workersStarted(), pool.workerStartFailures(), pool.workersReplaced(),
                pool.workersRecycled(), sessions.size(), pool.circuitOpen());
    }

    /** What the pool knows of a session, if it remembers it. */
    public Optional<SessionInfo> session(String id) {
        return sessions.find(id).map(session -> {
            Slot home = session.home();
            Optional<String> worker = home == null || home.worker() == null || !home.worker().isAlive()
                    ? Optional.empty() : Optional.of(home.id());
            return new SessionInfo(id, worker, session.log().moves(), session.log().calls().size());
        });
    }

    @Override
    public void close() {
        WorkerPool.Closing closing = pool.close();
        healthChecks.cancel(false);
        try {
            awaitQuietly(closing.drained(), config.bridge().shutdownGrace().toNanos());
            // Starts still running end on their own once they see the pool closed; then every slot has its worker.
            closing.starts().forEach(start -> awaitQuietly(start, config.bridge().startupTimeout().toNanos()));
            List<Worker> workers = closing.slots().stream().map(Slot::worker).filter(Objects::nonNull).toList();
            stopAll(workers);
        }
        finally {
            executors.close();
        }
    }

    private void stopAll(List<Worker> workers) {
        BridgeClosedException reason = new BridgeClosedException("the pool was closed while the call was in flight");
        long grace = config.bridge().shutdownGrace().toNanos();
        workers.forEach(worker -> worker.stop(config.bridge().shutdownGrace(), reason));
        for (Worker worker : workers) {
            if (!awaitQuietly(worker.exited(), grace + TimeUnit.SECONDS.toNanos(1))) {
                worker.kill(reason);
                awaitQuietly(worker.exited(), TimeUnit.SECONDS.toNanos(5));
            }
        }
    }

    // --- routing calls -------------------------------------------------------------------------

    /**
     * Sends a call to a leased worker. The caller gets a future of its own: the pool's bookkeeping
     * (returning the lease, recording session state) hangs off stages nobody else can complete,
     * so a caller that cancels, or applies {@code orTimeout}, cannot make it skip. Cancelling
     * abandons the call: a queued one never runs, a running one gets a {@code cancel} request.
     */
    private CompletableFuture<Object> route(Call call, Deadline deadline, boolean mayRetry) {
        Attempt attempt = new Attempt();
        attempt.out.whenComplete((value, failure) -> {
            CompletableFuture<Object> sent = attempt.sent;
            if (attempt.out.isCancelled() && sent != null) {
                sent.cancel(true);
            }
        });
        send(call, deadline, mayRetry, attempt);
        return attempt.out;
    }

    /** The caller's future, and the worker's future once the call has been sent. */
    private static final class Attempt {
        final CompletableFuture<Object> out = new CompletableFuture<>();
        volatile CompletableFuture<Object> sent;
    }

    private void send(Call call, Deadline deadline, boolean mayRetry, Attempt attempt) {
        PoolSession session = call.session().map(sessions::touch).orElse(null);
        Slot home = session == null ? null : session.home();
        boolean strict = config.affinity() == AffinityMode.STRICT && home != null;
        CompletableFuture<Slot> lease = pool.acquire(home, strict, deadline);
        if (lease.isDone() && !lease.isCompletedExceptionally()) {
            run(lease.join(), call, session, deadline, mayRetry, attempt);
            return;
        }
        try {
            PyValues.requireSupported("args", call.args());
        }
        catch (IllegalArgumentException e) {
            attempt.out.completeExceptionally(e);
            lease.thenAccept(pool::returnLease);
            throw e;
        }
        lease.whenComplete((slot, failure) -> {
            if (failure != null) {
                attempt.out.completeExceptionally(unwrap(failure));
            }
            else if (attempt.out.isDone()) {
                pool.returnLease(slot);
            }
            else {
                try {
                    run(slot, call, session, deadline, mayRetry, attempt);
                }
                catch (RuntimeException e) {
                    attempt.out.completeExceptionally(e);
                }
            }
        });
    }

    private void run(Slot slot, Call call, PoolSession session, Deadline deadline, boolean mayRetry, Attempt attempt) {
        Worker worker = slot.worker();
        Slot previous = session == null ? null : session.home();
        CompletableFuture<Object> done;
        try {
            done = session == null
                    ? sendTo(worker, call, deadline, attempt)
                    : session.log().readyOn(worker, deadline).thenCompose(ready -> sendTo(worker, call, deadline, attempt));
        }
        catch (RuntimeException e) {
            pool.release(slot);
            throw e;
        }
        done.whenComplete((value, failure) -> {
            pool.release(slot);
            Throwable cause = unwrap(failure);
            if (session != null) {
                ran(session, slot, previous, call, cause);
            }
            if (cause == null) {
                attempt.out.complete(value);
            }
            else if (mayRetry && cause instanceof WorkerCrashedException && !deadline.expired() && !attempt.out.isDone()) {
                send(call, deadline, false, attempt);
            }
            else {
                attempt.out.completeExceptionally(cause);
            }
        });
    }

    private static CompletableFuture<Object> sendTo(Worker worker, Call call, Deadline deadline, Attempt attempt) {
        CompletableFuture<Object> sent = worker.send(call, deadline);
        attempt.sent = sent;
        if (attempt.out.isCancelled()) {
            sent.cancel(true);
        }
        return sent;
    }

    // After a session's call: record what defines it, note where it lives now, and say so if it moved.
    private void ran(PoolSession session, Slot slot, Slot previous, Call call, Throwable failure) {
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
        sessions.place(session, slot);
        if (previous != null && previous != slot) {
            // The old worker keeps a stale namespace until the session comes back (a rebuild clears it first) or the worker goes.
            events.publish(new PoolEvent.SessionMoved(session.id(), previous.id(), slot.id()));
        }
    }

    private CompletableFuture<Object> broadcast(Call call, Deadline deadline) {
        WorkerPool.Broadcast broadcast = pool.appendPoolWide(call);
        CompletableFuture<Object> outcome = broadcast.entry().outcome();
        if (broadcast.targets().isEmpty()) {
            // No worker serves yet: the first to start applies it before it serves.
            pool.fill();
            return withDeadline(outcome, call, deadline);
        }
        List<CompletableFuture<Throwable>> catchUps = broadcast.targets().stream()
                .map(slot -> pool.catchUp(slot, deadline).handle((done, failure) -> unwrap(failure)))
                .toList();
        return CompletableFuture.allOf(catchUps.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            if (outcome.isDone()) {
                return outcome;
            }
            Throwable failure = catchUps.stream().map(CompletableFuture::join).filter(error -> error != null).findFirst()
                    .orElseGet(() -> new BridgeTimeoutException("'" + call.command() + "' reached no worker", deadline.budget()));
            return CompletableFuture.failedFuture(failure);
        });
    }

    private CompletableFuture<Object> withDeadline(CompletableFuture<Object> outcome, Call call, Deadline deadline) {
        CompletableFuture<Object> bounded = outcome.copy();
        ScheduledFuture<?> timer = executors.scheduler().schedule(() -> bounded.completeExceptionally(new BridgeTimeoutException("'"
                + call.command() + "' passed its deadline of " + deadline.budget().toMillis() + " ms waiting for a worker to start",
                deadline.budget())), Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        bounded.whenComplete((value, failure) -> timer.cancel(false));
        return bounded;
    }

    private void awaitFull() {
        try {
            pool.whenFull().join();
        }
        catch (CompletionException e) {
            close();
            if (e.getCause() instanceof BridgeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static boolean awaitQuietly(CompletableFuture<?> future, long nanos) {
        try {
            future.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception e) {
            return future.isDone();
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
