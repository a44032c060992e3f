package dev.pybridge.pool;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.status.BridgeStatus;

/**
 * The two bridges, for tests that hold both to the same promise. The pool has one worker that
 * takes two calls at once, so that a call can queue behind another on the same worker, as it does
 * in the single bridge.
 */
enum Topology {

    SINGLE {
        @Override
        PythonBridge start(BridgeConfig config) {
            return SingleProcessBridge.start(config);
        }

        @Override
        Counts counts(PythonBridge bridge) {
            BridgeStatus status = ((SingleProcessBridge) bridge).status();
            return new Counts(status.workersStarted(), status.crashes(), status.circuitOpen());
        }
    },

    POOL {
        @Override
        PythonBridge start(BridgeConfig config) {
            return PooledBridge.start(PoolConfig.builder().bridge(config).size(1).maxInFlightPerWorker(2).build());
        }

        @Override
        Counts counts(PythonBridge bridge) {
            PoolStats stats = ((PooledBridge) bridge).stats();
            return new Counts(stats.workersStarted(), stats.workersReplaced(), stats.circuitOpen());
        }
    };

    abstract PythonBridge start(BridgeConfig config);

    abstract Counts counts(PythonBridge bridge);

    /** What both bridges count. */
    record Counts(long workersStarted, long crashes, boolean circuitOpen) {}
}
