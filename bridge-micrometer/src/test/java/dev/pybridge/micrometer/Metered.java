package dev.pybridge.micrometer;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.pool.PoolConfig;

/** The two bridges, each started by the binder so that it hears their events and reads their counters. */
enum Metered {

    SINGLE(1) {
        @Override
        PythonBridge start(PyBridgeMetrics metrics, BridgeConfig config) {
            return metrics.startBridge(config);
        }
    },

    POOL(2) {
        @Override
        PythonBridge start(PyBridgeMetrics metrics, BridgeConfig config) {
            return metrics.startPool(PoolConfig.builder().bridge(config).size(size).build());
        }
    };

    /** How many workers serve. */
    final int size;

    Metered(int size) {
        this.size = size;
    }

    abstract PythonBridge start(PyBridgeMetrics metrics, BridgeConfig config);
}
