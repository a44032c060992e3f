package dev.pybridge.core.internal.worker;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A worker launched before its bridge's engine is built. Python's own start-up is most of a
 * first start, and nothing the engine sets up (its threads, its logging, the JSON codec, their
 * classes) is needed to launch it: so the bridge launches it first, the interpreter starts while
 * those load, and the engine's start of that worker adopts the process ({@link WorkerStarter}). A process nobody
 * adopted is killed when the engine closes. Uses nothing that is slow to load.
 */
public final class Prelaunch {

    private final String workerId;
    private final CompletableFuture<WorkerProcess> process = new CompletableFuture<>();
    private final AtomicBoolean taken = new AtomicBoolean();

    private Prelaunch(String workerId) {
        this.workerId = workerId;
    }

    /**
     * Launches worker {@code workerId} of a bridge with {@code config} now, on this thread: a
     * launch only starts a process, and at a JVM's start a new thread can wait tens of
     * milliseconds for a core, while the classes it needs load. A launch that fails is the
     * adopting start's failure.
     */
    public static Prelaunch now(BridgeConfig config, WorkerLauncher launcher, String workerId) {
        Prelaunch prelaunch = new Prelaunch(requireNonNull(workerId, "workerId is null"));
        prelaunch.launch(requireNonNull(config, "config is null"), requireNonNull(launcher, "launcher is null"));
        return prelaunch;
    }

    /** As {@link #now}, on a thread of its own: for the workers after the first, launched side by side. */
    public static Prelaunch inBackground(BridgeConfig config, WorkerLauncher launcher, String workerId) {
        Prelaunch prelaunch = new Prelaunch(requireNonNull(workerId, "workerId is null"));
        requireNonNull(config, "config is null");
        requireNonNull(launcher, "launcher is null");
        Thread thread = new Thread(() -> prelaunch.launch(config, launcher), "pybridge-" + workerId + "-launch");
        thread.setDaemon(true);
        thread.start();
        return prelaunch;
    }

    private void launch(BridgeConfig config, WorkerLauncher launcher) {
        try {
            process.complete(launcher.launch(LaunchSpecs.of(config, workerId)));
        }
        catch (RuntimeException | Error e) {
            process.completeExceptionally(e);
        }
    }

    /** The launch, for the start of {@code worker}, to the first to ask: empty for another worker, or once taken. */
    Optional<CompletableFuture<WorkerProcess>> adopt(String worker) {
        return workerId.equals(worker) && taken.compareAndSet(false, true) ? Optional.of(process) : Optional.empty();
    }

    /** Kills the process, when it has started, unless a start adopted it. */
    public void discard() {
        if (taken.compareAndSet(false, true)) {
            process.thenAccept(WorkerProcess::kill);
        }
    }
}
