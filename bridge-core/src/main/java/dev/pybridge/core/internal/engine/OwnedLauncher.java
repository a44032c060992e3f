package dev.pybridge.core.internal.engine;

import dev.pybridge.api.config.LauncherChoice;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A launcher the bridge made itself, from its configuration: the engine {@linkplain #close() closes}
 * it when it closes. A launcher given to a bridge's constructor belongs to the caller, who may share
 * it between bridges, and is never closed by the engine.
 */
public final class OwnedLauncher implements WorkerLauncher {

    private final WorkerLauncher launcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OwnedLauncher(WorkerLauncher launcher) {
        this.launcher = requireNonNull(launcher, "launcher is null");
    }

    /** The launcher {@code choice} names, made through the {@link LauncherCatalog}; {@code local} needs no lookup. */
    public static OwnedLauncher of(LauncherChoice choice) {
        if (choice.equals(LauncherChoice.local())) {
            return new OwnedLauncher(new LocalProcessLauncher());
        }
        return new OwnedLauncher(LauncherCatalog.load().create(choice.name(), choice.properties()));
    }

    /** {@code launcher}, owned by the bridge it is given to. */
    public static OwnedLauncher owning(WorkerLauncher launcher) {
        return new OwnedLauncher(launcher);
    }

    /** The launcher made, such as a {@link LocalProcessLauncher}, for what depends on its kind. */
    public WorkerLauncher launcher() {
        return launcher;
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        return launcher.launch(spec);
    }

    @Override
    public List<String> hosts() {
        return launcher.hosts();
    }

    @Override
    public WorkerProcess launchOn(String host, LaunchSpec spec) {
        return launcher.launchOn(host, spec);
    }

    @Override
    public void sweepOrphans() {
        launcher.sweepOrphans();
    }

    /** Closes the launcher once, however many of the engine's and the bridge's failure paths reach here. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            launcher.close();
        }
    }

    @Override
    public String toString() {
        return launcher.toString();
    }
}
