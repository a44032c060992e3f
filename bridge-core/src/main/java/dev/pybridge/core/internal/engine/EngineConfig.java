package dev.pybridge.core.internal.engine;

import dev.pybridge.api.config.BridgeConfig;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What an engine runs: how each worker starts and talks ({@code bridge}), how many workers, how
 * many calls each takes at once, how many callers may wait, and where a session's calls go.
 *
 * @param name the engine's name, in thread names, worker ids and messages
 * @param bridge how each worker starts and talks; its call timeout is every call's default deadline
 * @param size how many workers serve at once
 * @param maxInFlightPerWorker how many calls one worker is given at once
 * @param maxQueued how many callers may wait for a worker
 * @param strictAffinity whether a session's call waits for the session's worker when it is busy
 * @param preferWait without strict affinity, how long a call waits for its session's busy worker
 *     before it moves the session to another one
 * @param cancelGrace after a call passes its deadline, how long its worker may take to finish its
 *     other calls and exit before it is killed
 */
public record EngineConfig(String name, BridgeConfig bridge, int size, int maxInFlightPerWorker, int maxQueued,
        boolean strictAffinity, Duration preferWait, Duration cancelGrace) {

    public EngineConfig {
        requireNonNull(name, "name is null");
        requireNonNull(bridge, "bridge is null");
        requireNonNull(preferWait, "preferWait is null");
        requireNonNull(cancelGrace, "cancelGrace is null");
        if (size < 1 || maxInFlightPerWorker < 1 || maxQueued < 0) {
            throw new IllegalArgumentException("size and maxInFlightPerWorker must be positive, maxQueued not negative: "
                    + size + ", " + maxInFlightPerWorker + ", " + maxQueued);
        }
    }

    /**
     * One worker that takes every call at once (they queue in its pipe, in order), the way a
     * single-process bridge runs: callers wait only while the worker starts.
     */
    public static EngineConfig singleWorker(String name, BridgeConfig bridge) {
        return new EngineConfig(name, bridge, 1, Integer.MAX_VALUE, Integer.MAX_VALUE, false, Duration.ZERO, bridge.shutdownGrace());
    }
}
