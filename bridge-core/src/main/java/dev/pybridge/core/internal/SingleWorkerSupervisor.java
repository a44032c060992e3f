package dev.pybridge.core.internal;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.core.worker.Replay;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.core.worker.WorkerExecutors;
import dev.pybridge.core.worker.WorkerExit;
import dev.pybridge.core.worker.WorkerStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Keeps one worker serving: starts it, restarts it with backoff when it dies, replaces it when a
 * call on it times out (letting its other calls finish first), and refuses calls at once while
 * starts keep failing.
 */
public final class SingleWorkerSupervisor implements Worker.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SingleWorkerSupervisor.class);

    private final String name;
    private final BridgeConfig config;
    private final WorkerStarter starter;
    private final WorkerExecutors executors;
    private final Supplier<List<Call>> poolWideState;
    private final Object lock = new Object();
    private final RestartBudget budget;
    private final Set<Worker> retiring = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Worker>> starts = ConcurrentHashMap.newKeySet();
    private final AtomicLong workerSequence = new AtomicLong();
    private final AtomicLong workersStarted = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private CompletableFuture<Worker> current;
    private String lastFailure = "none";
    private Throwable lastFailureCause;
    private boolean closed;

    /**
     * @param poolWideState the {@link dev.pybridge.api.CallOption#ALL_WORKERS} calls so far, which
     *     every new worker replays before it serves
     */
    public SingleWorkerSupervisor(String name, BridgeConfig config, WorkerStarter starter, WorkerExecutors executors,
            Supplier<List<Call>> poolWideState) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.starter = requireNonNull(starter, "starter is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.poolWideState = requireNonNull(poolWideState, "poolWideState is null");
        this.budget = new RestartBudget(config.restartPolicy());
    }

    /** The serving worker, once it is ready; fails when it cannot be started or the bridge is closed. */
    public CompletableFuture<Worker> acquire() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new BridgeClosedException("bridge " + name + " is closed"));
            }
            if (current != null) {
                return current;
            }
            long now = System.nanoTime();
            if (budget.isOpen(now)) {
                return CompletableFuture.failedFuture(circuitOpen(now));
            }
            return beginStart(budget.delayNanos(now));
        }
    }

    /** The serving worker if one is ready now. */
    public Worker readyWorker() {
        synchronized (lock) {
            return current == null ? null : current.getNow(null);
        }
    }

    public long workersStarted() {
        return workersStarted.get();
    }

    public long crashes() {
        return crashes.get();
    }

    public long timeouts() {
        return timeouts.get();
    }

    @Override
    public void callTimedOut(Worker worker, String command) {
        timeouts.incrementAndGet();
        synchronized (lock) {
            if (closed || !isCurrent(worker)) {
                return;
            }
            LOG.info("bridge {}: '{}' timed out on worker {}; starting a replacement", name, command, worker.id());
            current = null;
            retiring.add(worker);
            beginStart(0);
        }
        worker.retire(config.shutdownGrace(), new BridgeClosedException("worker " + worker.id() + " was retired after a timeout"));
    }

    @Override
    public void exited(Worker worker, WorkerExit exit) {
        retiring.remove(worker);
        if (exit.requested()) {
            return;
        }
        crashes.incrementAndGet();
        synchronized (lock) {
            if (closed || !isCurrent(worker)) {
                return;
            }
            LOG.warn("bridge {}: worker {} (pid {}) died with {}; restarting it", name, worker.id(), worker.pid(), exit.describe());
            current = null;
            long now = System.nanoTime();
            budget.failed(now);
            lastFailure = "worker " + worker.id() + " died with " + exit.describe();
            lastFailureCause = null;
            if (!budget.isOpen(now)) {
                beginStart(budget.delayNanos(now));
            }
        }
    }

    /**
     * Stops accepting work, lets calls in flight finish within the grace period, asks the worker to
     * exit, and kills it if it does not. Returns once every process it started has ended.
     */
    public void close() {
        CompletableFuture<Worker> last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
            current = null;
        }
        BridgeClosedException reason = new BridgeClosedException("bridge " + name + " was closed while the call was in flight");
        if (last != null) {
            last.completeExceptionally(reason);
            Worker worker = last.getNow(null);
            if (worker != null) {
                retiring.add(worker);
                worker.retire(config.shutdownGrace(), reason);
            }
        }
        for (CompletableFuture<Worker> start : Set.copyOf(starts)) {
            awaitStart(start).ifPresent(worker -> awaitStopped(worker, reason));
        }
        for (Worker worker : Set.copyOf(retiring)) {
            awaitStopped(worker, reason);
        }
    }

    // A start still running when the bridge closed: onStarted kills its worker, which must be awaited too.
    private Optional<Worker> awaitStart(CompletableFuture<Worker> start) {
        try {
            return Optional.of(start.get(config.startupTimeout().toNanos() + config.shutdownGrace().toNanos(), TimeUnit.NANOSECONDS));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        catch (Exception e) {
            return Optional.empty();
        }
    }

    private void awaitStopped(Worker worker, BridgeClosedException reason) {
        Duration grace = config.shutdownGrace();
        if (await(worker, grace)) {
            return;
        }
        worker.stop(grace, reason);
        if (!await(worker, grace.plusSeconds(1))) {
            worker.kill(reason);
            await(worker, Duration.ofSeconds(5));
        }
    }

    private static boolean await(Worker worker, Duration timeout) {
        try {
            worker.exited().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception e) {
            return worker.exited().isDone();
        }
    }

    private boolean isCurrent(Worker worker) {
        return current != null && current.getNow(null) == worker;
    }

    // Called with the lock held; the start itself runs elsewhere and reports to onStarted.
    private CompletableFuture<Worker> beginStart(long delayNanos) {
        CompletableFuture<Worker> attempt = new CompletableFuture<>();
        current = attempt;
        Runnable start = () -> {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                CompletableFuture<Worker> started = starter.start(name + "-w" + workerSequence.incrementAndGet(), this)
                        .thenCompose(this::replayPoolWideState);
                starts.add(started);
                started.whenComplete((worker, failure) -> {
                    starts.remove(started);
                    onStarted(attempt, worker, failure);
                });
            }
        };
        if (delayNanos > 0) {
            executors.scheduler().schedule(start, delayNanos, TimeUnit.NANOSECONDS);
        }
        else {
            start.run();
        }
        return attempt;
    }

    private CompletableFuture<Worker> replayPoolWideState(Worker worker) {
        List<Call> calls = poolWideState.get();
        if (calls.isEmpty()) {
            return CompletableFuture.completedFuture(worker);
        }
        return Replay.run(worker, calls, Deadline.after(config.startupTimeout())).handle((done, failure) -> {
            if (failure == null) {
                return worker;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            WorkerStartupException error = new WorkerStartupException("worker " + worker.id()
                    + " could not replay the state every worker must have: " + cause.getMessage(), worker.id(), worker.stderrTail(), cause);
            worker.kill(error);
            throw error;
        });
    }

    private void onStarted(CompletableFuture<Worker> attempt, Worker worker, Throwable failure) {
        if (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        boolean keep;
        synchronized (lock) {
            keep = failure == null && !closed && current == attempt;
            if (failure != null) {
                long now = System.nanoTime();
                budget.failed(now);
                lastFailure = String.valueOf(failure.getMessage());
                lastFailureCause = failure;
                if (current == attempt) {
                    current = null;
                }
            }
            else if (keep) {
                workersStarted.incrementAndGet();
                budget.started();
            }
        }
        if (failure != null) {
            LOG.warn("bridge {}: a worker failed to start: {}", name, failure.getMessage());
            attempt.completeExceptionally(failure);
        }
        else if (keep) {
            attempt.complete(worker);
        }
        else {
            worker.kill(new BridgeClosedException("bridge " + name + " was closed while worker " + worker.id() + " started"));
            attempt.completeExceptionally(new BridgeClosedException("bridge " + name + " is closed"));
        }
    }

    private CircuitOpenException circuitOpen(long now) {
        return new CircuitOpenException("bridge " + name + ": workers failed " + budget.recentFailures() + " times within "
                + config.restartPolicy().window() + ", so starts are suspended for another "
                + TimeUnit.NANOSECONDS.toMillis(budget.openForNanos(now)) + " ms; the last failure: " + lastFailure,
                lastFailureCause);
    }
}
