package dev.pybridge.micrometer;

import dev.pybridge.core.status.BridgeStatus;
import dev.pybridge.pool.PoolStats;
import dev.pybridge.pool.WorkerState;

/** What a bridge's gauges show, read at one moment. */
record Levels(int starting, int ready, int draining, int queued, boolean circuitOpen) {

    static Levels of(PoolStats stats) {
        return new Levels(stats.workers(WorkerState.STARTING), stats.workers(WorkerState.READY), stats.workers(WorkerState.DRAINING),
                stats.queued(), stats.circuitOpen());
    }

    static Levels of(BridgeStatus status) {
        return new Levels(status.workersStarting(), status.workersReady(), status.workersDraining(), status.queued(), status.circuitOpen());
    }

    int workers(WorkerState state) {
        return switch (state) {
            case STARTING -> starting;
            case READY -> ready;
            case DRAINING -> draining;
        };
    }
}
