package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.core.internal.OrphanSweeper;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.internal.worker.Worker;
import dev.pybridge.core.internal.RunId;
import dev.pybridge.core.internal.worker.WorkerStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * The one supervision engine: a {@link WorkerTable} of workers kept serving under a
 * {@link StartGovernor}, the {@link CallPipeline} every call takes, one deadline per call, the
 * all-workers log, the session store, and one drain-and-close path. A single-process bridge is an
 * engine over one worker; a pool is an engine over several, with its own policies on top
 * (affinity, a bounded session store, recycling, health checks).
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    // After the kill at the end of the grace period, how long the processes may take to be reaped.
    private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final EngineConfig config;
    private final EngineThreads threads;
    private final EngineTime time;
    private final SessionStore sessions;
    private final CallStats stats = new CallStats();
    private final WorkerStarter starter;
    private final WorkerTable table;
    private final CallPipeline pipeline;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final WorkerLauncher launcher;

    /** An engine on the system clock, with threads of its own. Starts no worker until asked. */
    public Engine(EngineConfig config, WorkerLauncher launcher, SessionStore sessions, EngineListener listener) {
        this(config, launcher, sessions, listener, slot -> CompletableFuture.completedFuture(null), EarlyLaunches.none());
    }

    /**
     * As the other, with {@code beforeServing} run on each worker once it is ready and has every
     * all-workers call, before it serves (a measurement); it must not fail, and should be quick. The
     * starts of the workers launched {@code early} adopt those processes.
     */
    public Engine(EngineConfig config, WorkerLauncher launcher, SessionStore sessions, EngineListener listener,
            Function<Slot, CompletableFuture<Void>> beforeServing, EarlyLaunches early) {
        this(config, launcher, sessions, listener, beforeServing, early, new EngineThreads("pybridge-" + config.name()), null);
    }

    /** An engine whose timers and clock are {@code time} (a test's hand-driven clock), or its threads' when null. */
    Engine(EngineConfig config, WorkerLauncher launcher, SessionStore sessions, EngineListener listener,
            Function<Slot, CompletableFuture<Void>> beforeServing, EarlyLaunches early, EngineThreads threads, EngineTime time) {
        this.config = requireNonNull(config, "config is null");
        this.threads = requireNonNull(threads, "threads is null");
        this.time = time == null ? threads.time() : time;
        this.sessions = requireNonNull(sessions, "sessions is null");
        requireNonNull(listener, "listener is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.starter = new WorkerStarter(config.bridge(), launcher, this.time,
                threads.blockingTasks(), this, early.launches());
        // The sweep reads every process's command line: after the first start, never beside it on a small machine.
        Runnable sweep = () -> threads.blockingTasks().execute(() -> {
            OrphanSweeper.sweep(RunId.current());
            launcher.sweepOrphans();
        });
        this.table = new WorkerTable(config, this.starter, this.time, listener, new AllWorkersLog(), sweep,
                requireNonNull(beforeServing, "beforeServing is null"));
        this.pipeline = new CallPipeline(config, this.time, table, sessions, listener, stats);
    }

    /**
     * Starts every worker and waits until all are ready; a failed start is retried like any
     * replacement. On failure the engine is closed and the cause thrown.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when starts keep failing until the circuit opens
     */
    public void startAll() {
        try {
            table.whenFull().join();
        }
        catch (CompletionException e) {
            close();
            if (e.getCause() instanceof BridgeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Sends a call; see {@link dev.pybridge.api.PythonBridge#submit}. */
    public CompletableFuture<Object> submit(Call call) {
        return pipeline.submit(call);
    }

    /**
     * Sends a call and waits for it; an interrupted caller abandons the call at once.
     *
     * @throws IllegalStateException when called from a callback that runs while this engine reads
     *     a reply (a future's completion stage), where waiting would wait on itself
     */
    public Object call(Call call) {
        if (Worker.readsRepliesFor(this)) {
            throw new IllegalStateException("a blocking call from a callback that runs while " + config.name()
                    + " hands on replies would wait on itself; chain it with thenCompose (or an ...Async stage) instead");
        }
        CallPipeline.Submitted submitted = pipeline.submit(call, Thread.currentThread());
        CompletableFuture<Object> result = submitted.result();
        try {
            readOwnReply(submitted);
            return result.get();
        }
        catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted while waiting for '" + call.command() + "'", e);
        }
        catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        catch (CancellationException e) {
            throw new BridgeInterruptedException("'" + call.command() + "' was cancelled", e);
        }
    }

    // Reads the reply on this thread while the call was sent here to a worker that allows it; a retry may send it elsewhere.
    private static void readOwnReply(CallPipeline.Submitted submitted) throws InterruptedException {
        Worker reading = submitted.readFrom();
        while (reading != null && !submitted.result().isDone()) {
            if (!reading.awaitReply(submitted.result(), submitted.deadline()) && submitted.readFrom() == reading) {
                return;
            }
            reading = submitted.readFrom();
        }
    }

    /** The counters now, taken at one moment. */
    public EngineStats stats() {
        return table.snapshot(snapshot -> {
            CallStats.Snapshot calls = stats.snapshot();
            return new EngineStats(snapshot.workers(), snapshot.queued(), calls.calls(), calls.errors(), calls.p50Micros(),
                    calls.p99Micros(), snapshot.workersStarted(), snapshot.startFailures(), snapshot.crashes(), snapshot.timeouts(),
                    snapshot.retired(), snapshot.recycled(), sessions.size(), snapshot.circuitOpen());
        });
    }

    /** The engine's clock, in nanoseconds: the time {@link Slot#readyNanos()} is on. */
    public long nanoTime() {
        return time.nanoTime();
    }

    /** Runs {@code task} on the engine's timer every {@code interval} until the engine closes; the task must never block. */
    public void every(Duration interval, Runnable task) {
        time.schedule(() -> {
            if (closing.get()) {
                return;
            }
            try {
                task.run();
            }
            catch (RuntimeException e) {
                // One failed run must not end the task for good.
                LOG.error("{}: a periodic task failed; it runs again in {}", config.name(), Deadline.describe(interval), e);
            }
            every(interval, task);
        }, interval.toNanos());
    }

    /** The session with this id, if the engine remembers it. */
    public Optional<Session> session(String id) {
        return sessions.find(id);
    }

    /** The workers serving now. */
    public List<Slot> servingSlots() {
        return table.servingSlots();
    }

    /**
     * Sends {@code call} to {@code slot}'s worker if it is idle now, outside the queue (a health
     * check); empty when it is busy or no longer serves.
     */
    public Optional<CompletableFuture<Object>> askIfIdle(Slot slot, Call call, Duration timeout) {
        if (!table.tryLeaseIdle(slot)) {
            return Optional.empty();
        }
        CompletableFuture<Object> answer = slot.worker().send(call, Deadline.after(time, timeout));
        answer.whenComplete((result, failure) -> table.returnLease(slot));
        return Optional.of(answer);
    }

    /** Recycles {@code slot}'s worker (one at a time): it serves until its replacement is ready. */
    public void recycle(Slot slot, String reason) {
        table.recycle(slot, reason);
    }

    /** Takes {@code slot}'s worker out of service at once; it is stopped when idle and replaced. */
    public void retire(Slot slot, String reason) {
        table.retire(slot, reason);
    }

    /**
     * Refuses new calls, lets calls in flight finish within the shutdown grace, asks each worker
     * to exit within what is left of it, then kills the rest. Calls still in flight fail with a
     * {@link BridgeClosedException}. Returns once every process the engine started has ended;
     * takes at most the grace plus the kill. Idempotent, in any state; never throws. An interrupt
     * skips the grace.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            closed.join();
            return;
        }
        Interrupts interrupts = new Interrupts(Thread.interrupted());
        try {
            long deadline = time.nanoTime() + config.bridge().shutdownGrace().toNanos();
            WorkerTable.Closing closing = table.close();
            starter.discardPrelaunched();
            if (!interrupts.seen()) {
                interrupts.await(closing.drained(), deadline);
            }
            BridgeClosedException reason = new BridgeClosedException(config.name() + " was closed while the call was in flight");
            long grace = interrupts.seen() ? 0 : Math.max(0, deadline - time.nanoTime());
            for (Slot slot : closing.slots()) {
                Worker worker = slot.worker();
                if (worker == null) {
                    continue;
                }
                // One that was stopping already has nothing anybody waits for: the grace would only be spent on it.
                if (closing.alreadyStopping().contains(slot)) {
                    worker.kill(reason);
                }
                else {
                    worker.stop(Duration.ofNanos(grace), reason);
                }
            }
            CompletableFuture<Void> ended = CompletableFuture.allOf(closing.slots().stream().map(slot -> slot.start.ended())
                    .toArray(CompletableFuture[]::new));
            // At the deadline whatever still runs is killed here: the workers' own kill timers stop with the engine's threads.
            if (!interrupts.await(ended, interrupts.seen() ? time.nanoTime() : deadline)) {
                closing.slots().stream().map(Slot::worker).filter(worker -> worker != null).forEach(worker -> worker.kill(reason));
                interrupts.await(ended, time.nanoTime() + KILL_WAIT_NANOS);
            }
        }
        finally {
            threads.close();
            if (launcher instanceof OwnedLauncher owned) {
                owned.close();
            }
            closed.complete(null);
            if (interrupts.seen()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for futures with deadlines, remembering an interrupt (which ends a wait, and every later one, at once). */
    private final class Interrupts {

        private boolean seen;

        Interrupts(boolean seen) {
            this.seen = seen;
        }

        boolean seen() {
            return seen;
        }

        /** Whether {@code future} completed (in any way) by the deadline; false when it timed out or an interrupt came. */
        boolean await(CompletableFuture<?> future, long deadlineNanos) {
            try {
                future.get(seen ? 0 : Math.max(0, deadlineNanos - time.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            }
            catch (InterruptedException e) {
                seen = true;
                return future.isDone();
            }
            catch (ExecutionException | CancellationException e) {
                return true;
            }
            catch (TimeoutException e) {
                return false;
            }
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("unexpected checked exception from a bridge", cause);
    }
}
