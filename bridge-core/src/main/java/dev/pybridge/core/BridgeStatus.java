package dev.pybridge.core;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of a {@link SingleProcessBridge}.
 *
 * @param workerId the serving worker's id, or null when none is ready
 * @param workerPid its process id, or -1
 * @param pythonVersion its Python version, or null
 * @param workersStarted workers that became ready since the bridge was built
 * @param crashes workers that died without being asked to
 * @param timeouts calls that passed their deadline
 * @param inFlight calls on the serving worker now
 * @since 0.1
 */
public record BridgeStatus(String workerId, long workerPid, String pythonVersion, long workersStarted, long crashes,
        long timeouts, int inFlight) {

    /** The serving worker's id, if one is ready. */
    public Optional<String> worker() {
        return Optional.ofNullable(workerId);
    }

    /** The serving worker's process id, if one is ready. */
    public OptionalLong pid() {
        return workerPid < 0 ? OptionalLong.empty() : OptionalLong.of(workerPid);
    }
}
