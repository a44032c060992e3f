package dev.pybridge.pool;

import dev.pybridge.api.config.LauncherChoice;

import static java.util.Objects.requireNonNull;

/**
 * Where some of a pool's workers run: {@code workers} of them started by {@code launcher}. A pool
 * with several placements mixes launchers, such as two workers on this machine and four on GPU
 * hosts reached by {@code ssh}; a worker that dies is replaced through the launcher it came from.
 *
 * @param launcher the launcher, by name, with its properties
 * @param workers how many of the pool's workers it starts; at least 1
 * @since 0.3
 */
public record WorkerPlacement(LauncherChoice launcher, int workers) {

    public WorkerPlacement {
        requireNonNull(launcher, "launcher is null");
        if (workers < 1) {
            throw new IllegalArgumentException("a placement starts at least one worker: " + workers + " for launcher " + launcher.name());
        }
    }

    /** {@code workers} workers started by {@code launcher}. */
    public static WorkerPlacement of(LauncherChoice launcher, int workers) {
        return new WorkerPlacement(launcher, workers);
    }
}
