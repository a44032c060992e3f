package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.core.internal.SingleWorkerSupervisor;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.core.worker.WorkerExecutors;
import dev.pybridge.core.worker.WorkerStarter;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
 * <p>Futures from {@link #submit} complete on the worker's reader thread: chain heavy work with
 * the {@code ...Async} methods of {@link CompletableFuture}.
 *
 * @since 0.1
 */
public final class SingleProcessBridge implements PythonBridge {

    private static final AtomicInteger BRIDGES = new AtomicInteger();

    private final BridgeConfig config;
    private final WorkerExecutors executors;
    private final SingleWorkerSupervisor supervisor;

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
        this.supervisor = new SingleWorkerSupervisor(name, config, new WorkerStarter(config, launcher, executors), executors);
        if (config.eagerStart()) {
            awaitFirstWorker();
        }
    }

    /** A bridge whose worker runs on this machine; see {@link #SingleProcessBridge(BridgeConfig, WorkerLauncher)}. */
    public static SingleProcessBridge start(BridgeConfig config) {
        return new SingleProcessBridge(config, new LocalProcessLauncher());
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        requireNonNull(call, "call is null");
        Deadline deadline = Deadline.after(call.timeout().orElse(config.callTimeout()));
        CompletableFuture<Worker> worker = supervisor.acquire();
        if (worker.isDone()) {
            return worker.isCompletedExceptionally() ? failure(worker) : worker.join().send(call, deadline);
        }
        PyValues.requireSupported("args", call.args());
        return sendWhenReady(call, deadline, worker);
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

    // The worker is still starting: the call's deadline covers the wait too.
    private CompletableFuture<Object> sendWhenReady(Call call, Deadline deadline, CompletableFuture<Worker> worker) {
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
            CompletableFuture<Object> inner = started.send(call, deadline);
            sent.set(inner);
            inner.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
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
