package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.internal.SingleWorkerSupervisor;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.core.worker.SessionLog;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.core.worker.WorkerExecutors;
import dev.pybridge.core.worker.WorkerStarter;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PythonBridge} backed by one supervised worker process.
 *
 * <p>The worker starts when the bridge is built (or on the first call, with
 * {@link BridgeConfig#eagerStart()} off) and is restarted with exponential backoff when it dies;
 * calls in flight at that moment fail with a {@link dev.pybridge.api.error.WorkerCrashedException},
 * later calls go to the new worker. A call that passes its deadline fails with a
 * {@link BridgeTimeoutException}, and the worker that was running it is replaced once its other
 * calls have finished. When workers keep failing to start, calls fail at once with a
 * {@link dev.pybridge.api.error.CircuitOpenException}.
 *
 * <pre>{@code
 * try (SingleProcessBridge python = SingleProcessBridge.start(BridgeConfig.defaults())) {
 *     Object sum = python.eval("sum(range(10))");   // 45L
 * }
 * }</pre>
 *
 * <p>{@link CallOption}s are honoured: a session's {@link CallOption#SESSION_STATE} calls are
 * replayed on a restarted worker before the session's next call, {@link CallOption#ALL_WORKERS}
 * calls before the restarted worker serves anything, and an {@link CallOption#IDEMPOTENT} call in
 * flight when the worker dies is sent once more.
 *
 * <p>Futures from {@link #submit} complete on the thread that reads the reply (the worker's reader
 * thread, or a thread waiting in {@link #call}): chain heavy work with
 * the {@code ...Async} methods of {@link CompletableFuture}.
 *
 * @since 0.1
 */
public final class SingleProcessBridge implements PythonBridge {

    private static final AtomicInteger BRIDGES = new AtomicInteger();

    private static final String SESSION_CLOSE = "session.close";

    private final BridgeConfig config;
    private final WorkerExecutors executors;
    private final SingleWorkerSupervisor supervisor;
    private final List<Call> poolWideState = new CopyOnWriteArrayList<>();
    private final Map<String, SessionLog> sessions = new ConcurrentHashMap<>();

    /**
     * Builds a bridge; with {@link BridgeConfig#eagerStart()} on, waits until its worker is ready.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when the worker fails to start
     */
    @Inject
    public SingleProcessBridge(BridgeConfig config, WorkerLauncher launcher) {
        this.config = requireNonNull(config, "config is null");
        requireNonNull(launcher, "launcher is null");
        String name = "py" + BRIDGES.incrementAndGet();
        this.executors = new WorkerExecutors("pybridge-" + name);
        this.supervisor = new SingleWorkerSupervisor(name, config, new WorkerStarter(config, launcher, executors), executors,
                () -> List.copyOf(poolWideState));
        if (config.eagerStart()) {
            awaitFirstWorker();
        }
    }

    /** A bridge whose worker runs on this machine; see {@link #SingleProcessBridge(BridgeConfig, WorkerLauncher)}. */
    public static SingleProcessBridge start(BridgeConfig config) {
        return new SingleProcessBridge(config, new LocalProcessLauncher());
    }

    /**
     * Sends a call and waits for its result. A plain call (no session state, no options) on a
     * ready worker that runs one request at a time ({@link BridgeConfig#workerThreads()} 1, the
     * default) reads its own reply on this thread, which saves a context switch; while it reads it
     * cannot be interrupted, but it still ends by its deadline.
     */
    @Override
    public Object call(Call call) {
        requireNonNull(call, "call is null");
        Worker ready = config.workerThreads() == 1 ? supervisor.readyWorker() : null;
        if (ready == null || !call.options().isEmpty() || (call.session().isPresent() && !sessions.isEmpty())) {
            return PythonBridge.super.call(call);
        }
        return ready.call(call, Deadline.after(call.timeout().orElse(config.callTimeout())));
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        requireNonNull(call, "call is null");
        Deadline deadline = Deadline.after(call.timeout().orElse(config.callTimeout()));
        if (call.options().isEmpty() && (call.session().isEmpty() || sessions.isEmpty())) {
            return onWorker(call, deadline, worker -> worker.send(call, deadline));
        }
        CompletableFuture<Object> first = onWorker(call, deadline, worker -> sendWithState(call, deadline, worker));
        if (!call.has(CallOption.IDEMPOTENT)) {
            return first;
        }
        // Sent once more, to the restarted worker, when the first worker died under it.
        return first.exceptionallyCompose(error -> unwrap(error) instanceof WorkerCrashedException && !deadline.expired()
                ? onWorker(call, deadline, worker -> sendWithState(call, deadline, worker))
                : CompletableFuture.failedFuture(unwrap(error)));
    }

    /** The worker's state and counters. */
    public BridgeStatus status() {
        return new BridgeStatus(Optional.ofNullable(supervisor.readyWorker()).map(Worker::status),
                supervisor.workersStarted(), supervisor.crashes(), supervisor.timeouts());
    }

    @Override
    public void close() {
        try {
            supervisor.close();
        }
        finally {
            executors.close();
        }
    }

    private CompletableFuture<Object> onWorker(Call call, Deadline deadline, Function<Worker, CompletableFuture<Object>> action) {
        CompletableFuture<Worker> worker = supervisor.acquire();
        if (worker.isDone()) {
            return worker.isCompletedExceptionally() ? failure(worker) : action.apply(worker.join());
        }
        PyValues.requireSupported("args", call.args());
        return whenStarted(call, deadline, worker, action);
    }

    // A session with recorded state is rebuilt first on a worker that lacks it; state-defining calls are recorded.
    private CompletableFuture<Object> sendWithState(Call call, Deadline deadline, Worker worker) {
        SessionLog log = call.session().map(sessions::get).orElse(null);
        CompletableFuture<Object> sent = log == null
                ? worker.send(call, deadline)
                : log.readyOn(worker, deadline).thenCompose(ready -> worker.send(call, deadline));
        CompletableFuture<Object> recorded = sent.whenComplete((result, error) -> {
            if (error == null) {
                recordSuccess(call, worker);
            }
        });
        // The caller gets a stage after the record, so its next call sees it, but not the recording stage itself,
        // which a caller who cancelled what it got back would otherwise complete before the record was made.
        return recorded.thenApply(Function.identity());
    }

    private void recordSuccess(Call call, Worker worker) {
        if (call.has(CallOption.ALL_WORKERS)) {
            poolWideState.add(call);
        }
        call.session().ifPresent(session -> {
            if (call.has(CallOption.SESSION_STATE)) {
                sessions.computeIfAbsent(session, SessionLog::new).succeeded(call, worker);
            }
            else if (SESSION_CLOSE.equals(call.command())) {
                sessions.remove(session);
            }
        });
    }

    // The worker is still starting: the call's deadline covers the wait too.
    private CompletableFuture<Object> whenStarted(Call call, Deadline deadline, CompletableFuture<Worker> worker,
            Function<Worker, CompletableFuture<Object>> action) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<Object>> sent = new AtomicReference<>();
        ScheduledFuture<?> timer = executors.scheduler().schedule(
                () -> result.completeExceptionally(new BridgeTimeoutException("'" + call.command()
                        + "' passed its deadline of " + deadline.budget().toMillis() + " ms while waiting for the worker to start",
                        deadline.budget())),
                Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        worker.whenComplete((started, failure) -> {
            timer.cancel(false);
            if (result.isDone()) {
                return;
            }
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            CompletableFuture<Object> inner = action.apply(started);
            sent.set(inner);
            inner.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                }
                else {
                    result.complete(value);
                }
            });
            if (result.isCancelled()) {
                inner.cancel(true);
            }
        });
        result.whenComplete((value, error) -> {
            CompletableFuture<Object> inner = sent.get();
            if (result.isCancelled() && inner != null) {
                inner.cancel(true);
            }
        });
        return result;
    }

    private static CompletableFuture<Object> failure(CompletableFuture<Worker> failed) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        failed.whenComplete((worker, error) -> result.completeExceptionally(unwrap(error)));
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private void awaitFirstWorker() {
        try {
            supervisor.acquire().join();
        }
        catch (CompletionException e) {
            close();
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
