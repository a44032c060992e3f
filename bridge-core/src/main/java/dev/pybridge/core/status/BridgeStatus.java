package dev.pybridge.core.status;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot of a {@link dev.pybridge.core.SingleProcessBridge}.
 *
 * @param worker the serving worker, if one is ready
 * @param workersStarted workers that became ready since the bridge was built
 * @param crashes workers that died without being asked to
 * @param timeouts calls that passed their deadline
 * @param circuitOpen whether starts are suspended because workers keep failing (see
 *     {@link dev.pybridge.api.config.RestartPolicy})
 * @param workersStarting workers launched and not yet serving: the first, or a replacement
 * @param workersDraining workers finishing their calls before they stop (after a call on them
 *     passed its deadline)
 * @param queued callers waiting for a worker to serve them (while it starts)
 * @since 0.1
 */
public record BridgeStatus(Optional<WorkerStatus> worker, long workersStarted, long crashes, long timeouts, boolean circuitOpen,
        int workersStarting, int workersDraining, int queued) {

    public BridgeStatus {
        requireNonNull(worker, "worker is null");
    }

    /** Workers serving: 1 while one is ready, else 0. */
    public int workersReady() {
        return worker.isPresent() ? 1 : 0;
    }

    /** The serving worker's process id, or -1 when none is ready. */
    public long workerPid() {
        return worker.map(WorkerStatus::pid).orElse(-1L);
    }

    /** Calls on the serving worker now. */
    public int inFlight() {
        return worker.map(WorkerStatus::inFlight).orElse(0);
    }
}
