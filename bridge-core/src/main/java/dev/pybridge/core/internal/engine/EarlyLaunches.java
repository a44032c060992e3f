package dev.pybridge.core.internal.engine;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.worker.Prelaunch;
import dev.pybridge.core.launch.WorkerLauncher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The first workers of an engine, launched before the engine is built ({@link Prelaunch}): a
 * bridge begins them first thing, and its engine's starts of the same workers adopt them.
 */
public final class EarlyLaunches {

    private static final EarlyLaunches NONE = new EarlyLaunches(List.of());

    private final List<Prelaunch> launches;

    private EarlyLaunches(List<Prelaunch> launches) {
        this.launches = launches;
    }

    /** None: every worker is launched when its start comes. */
    public static EarlyLaunches none() {
        return NONE;
    }

    /**
     * Launches the first {@code workers} workers of an engine named {@code engine}: the first on this
     * thread, the others on threads of their own.
     */
    public static EarlyLaunches begin(BridgeConfig config, WorkerLauncher launcher, String engine, int workers) {
        List<Prelaunch> launches = new ArrayList<>();
        for (int n = 1; n <= workers; n++) {
            String id = Slot.workerId(engine, n);
            launches.add(n == 1 ? Prelaunch.now(config, launcher, id) : Prelaunch.inBackground(config, launcher, id));
        }
        return new EarlyLaunches(List.copyOf(launches));
    }

    /** Builds what adopts these launches; if that throws, kills them, which nobody will adopt now. */
    public <T> T discardIfThrows(Supplier<T> adopter) {
        try {
            return adopter.get();
        }
        catch (RuntimeException | Error e) {
            launches.forEach(Prelaunch::discard);
            throw e;
        }
    }

    List<Prelaunch> launches() {
        return launches;
    }
}
