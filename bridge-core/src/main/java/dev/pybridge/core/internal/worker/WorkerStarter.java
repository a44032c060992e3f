package dev.pybridge.core.internal.worker;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.core.internal.protocol.MessageCodec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Starts workers: launches the process on the blocking pool (so that several start in parallel),
 * then waits for its ready frame up to the start-up timeout.
 */
public final class WorkerStarter {

    private final BridgeConfig config;
    private final WorkerLauncher launcher;
    private final EngineTime time;
    private final ExecutorService blockingTasks;
    private final WorkerContext context;
    private final List<Prelaunch> prelaunched;

    /**
     * @param owner what the workers serve (an engine), for {@link Worker#readsRepliesFor}
     * @param prelaunched workers launched already, which the starts of the same ids adopt
     */
    public WorkerStarter(BridgeConfig config, WorkerLauncher launcher, EngineTime time, ExecutorService blockingTasks, Object owner,
            List<Prelaunch> prelaunched) {
        this.config = requireNonNull(config, "config is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.time = requireNonNull(time, "time is null");
        this.blockingTasks = requireNonNull(blockingTasks, "blockingTasks is null");
        this.context = new WorkerContext(owner, new MessageCodec(config.maxFrameBytes()), time, blockingTasks, config.python().executable());
        this.prelaunched = List.copyOf(prelaunched);
    }

    /**
     * Starts a worker. Its {@link Start#ready()} completes once it is ready, or fails with a
     * {@link dev.pybridge.api.error.BridgeConfigurationException} (the interpreter cannot be used)
     * or a {@link dev.pybridge.api.error.WorkerStartupException} (it died or was not ready in time).
     */
    public Start start(String workerId, Worker.Listener listener) {
        Start start = new Start(workerId);
        FutureTask<Void> launch = new FutureTask<>(() -> launch(start, listener), null);
        start.launching = launch;
        blockingTasks.execute(launch);
        return start;
    }

    private void launch(Start start, Worker.Listener listener) {
        if (!start.beginLaunch()) {
            return;
        }
        try {
            WorkerProcess process = launchOrAdopt(start.workerId);
            Worker worker = Worker.attach(start.workerId, process, context, listener);
            start.attached(worker);
            EngineTime.Timer timer = time.schedule(
                    () -> worker.abortStart("sent no ready frame within " + config.startupTimeout().toMillis() + " ms"),
                    config.startupTimeout().toNanos());
            worker.ready().whenComplete((ready, failure) -> {
                timer.cancel();
                if (failure != null) {
                    start.ready.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
                }
                else if (!start.ready.complete(worker)) {
                    // Nobody wants this worker any more (its bridge closed while it started).
                    worker.kill(new BridgeClosedException("the start of worker " + start.workerId + " was abandoned"));
                }
            });
        }
        catch (RuntimeException e) {
            start.ready.completeExceptionally(e);
        }
        finally {
            start.launchEnded();
        }
    }

    private WorkerProcess launchOrAdopt(String workerId) {
        Optional<CompletableFuture<WorkerProcess>> early = prelaunched.stream()
                .map(prelaunch -> prelaunch.adopt(workerId)).flatMap(Optional::stream).findFirst();
        if (early.isEmpty()) {
            return launcher.launch(LaunchSpecs.of(config, workerId));
        }
        try {
            return early.get().get();
        }
        catch (InterruptedException e) {
            // The start was given up while the launch ran: its process must not outlive it.
            early.get().thenAccept(WorkerProcess::kill);
            Thread.currentThread().interrupt();
            throw new BridgeClosedException("the start of worker " + workerId + " was abandoned");
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    /** Kills the workers launched early that no start adopted. */
    public void discardPrelaunched() {
        prelaunched.forEach(Prelaunch::discard);
    }

    /** One start in progress: its outcome, and a way to give it up. */
    public static final class Start {
        private static final int QUEUED = 0;
        private static final int LAUNCHING = 1;
        private static final int LAUNCHED = 2;

        private final String workerId;
        private final CompletableFuture<Worker> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> launchOver = new CompletableFuture<>();
        private final AtomicInteger phase = new AtomicInteger(QUEUED);
        private volatile Future<?> launching;
        private volatile Worker worker;

        private Start(String workerId) {
            this.workerId = workerId;
        }

        public String workerId() {
            return workerId;
        }

        /** Completes with the worker once it is ready. */
        public CompletableFuture<Worker> ready() {
            return ready;
        }

        /**
         * Gives the start up: a launch still running is interrupted (an interpreter probe ends with
         * it), and a process that runs is killed. {@link #ready()} fails with {@code reason}.
         */
        public void abandon(BridgeClosedException reason) {
            ready.completeExceptionally(reason);
            if (phase.compareAndSet(QUEUED, LAUNCHED)) {
                launchOver.complete(null);
            }
            else if (phase.get() == LAUNCHING) {
                Future<?> launch = launching;
                if (launch != null) {
                    launch.cancel(true);
                }
            }
            Worker started = worker;
            if (started != null) {
                started.kill(reason);
            }
        }

        /** Completes when no process of this start runs any more: its launch is over, and its worker, if any, has exited. */
        public CompletableFuture<Void> ended() {
            return launchOver.thenCompose(launched -> {
                Worker started = worker;
                return started == null ? CompletableFuture.completedFuture(null) : started.exited().handle((exit, failure) -> null);
            });
        }

        private boolean beginLaunch() {
            return phase.compareAndSet(QUEUED, LAUNCHING);
        }

        private void launchEnded() {
            phase.set(LAUNCHED);
            launchOver.complete(null);
        }

        private void attached(Worker started) {
            worker = started;
            if (ready.isCompletedExceptionally()) {
                started.kill(new BridgeClosedException("the start of worker " + workerId + " was abandoned"));
            }
        }
    }
}
