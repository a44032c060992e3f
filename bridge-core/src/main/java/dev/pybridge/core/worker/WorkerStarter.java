package dev.pybridge.core.worker;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.core.protocol.MessageCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Starts workers: launches the process, then waits for its ready frame up to the start-up timeout.
 * Starts run on the blocking pool, so several workers start in parallel.
 */
public final class WorkerStarter {

    // The JVM's pid and start time: together they name this JVM even after its pid is reused.
    private static final String RUN_ID = ProcessHandle.current().pid() + "-"
            + Long.toString(ProcessHandle.current().info().startInstant().orElseGet(Instant::now).toEpochMilli(), 36);

    private final BridgeConfig config;
    private final WorkerLauncher launcher;
    private final WorkerExecutors executors;
    private final MessageCodec codec;

    public WorkerStarter(BridgeConfig config, WorkerLauncher launcher, WorkerExecutors executors) {
        this.config = requireNonNull(config, "config is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.codec = new MessageCodec(config.maxFrameBytes());
    }

    /**
     * This JVM's run id, {@code <pid>-<start time in base-36 epoch millis>}, on every worker's
     * command line ({@code --run-id}), so that workers left behind by a JVM that died can be told
     * from this one's.
     */
    public static String runId() {
        return RUN_ID;
    }

    /**
     * Starts a worker. The future completes once it is ready, or fails with a
     * {@link dev.pybridge.api.error.BridgeConfigurationException} (the interpreter cannot be used)
     * or a {@link dev.pybridge.api.error.WorkerStartupException} (it died or was not ready in time).
     */
    public CompletableFuture<Worker> start(String workerId, Worker.Listener listener) {
        CompletableFuture<Worker> started = new CompletableFuture<>();
        executors.blockingTasks().execute(() -> launch(workerId, listener, started));
        return started;
    }

    private void launch(String workerId, Worker.Listener listener, CompletableFuture<Worker> started) {
        WorkerProcess process;
        try {
            process = launcher.launch(new LaunchSpec(workerId, config.python(), workerArguments(workerId),
                    config.startupTimeout(), config.workerCacheDirectory()));
        }
        catch (RuntimeException e) {
            started.completeExceptionally(e);
            return;
        }
        Worker worker = Worker.attach(workerId, process, codec, executors.scheduler(), executors.blockingTasks(), listener);
        ScheduledFuture<?> timer = executors.scheduler().schedule(
                () -> worker.abortStart("sent no ready frame within " + config.startupTimeout().toMillis() + " ms"),
                config.startupTimeout().toNanos(), TimeUnit.NANOSECONDS);
        worker.ready().whenComplete((ready, failure) -> {
            timer.cancel(false);
            if (failure != null) {
                started.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
            }
            else if (!started.complete(worker)) {
                // Nobody wants this worker any more (its bridge closed while it started).
                worker.kill(new BridgeClosedException("the start of worker " + workerId + " was abandoned"));
            }
        });
    }

    private List<String> workerArguments(String workerId) {
        List<String> arguments = new ArrayList<>(List.of(
                "--worker-id", workerId,
                "--run-id", RUN_ID,
                "--parent-pid", Long.toString(ProcessHandle.current().pid()),
                "--max-frame-bytes", Integer.toString(config.maxFrameBytes()),
                "--threads", Integer.toString(config.workerThreads())));
        config.extensions().forEach(module -> arguments.addAll(List.of("--extension", module)));
        return arguments;
    }
}
