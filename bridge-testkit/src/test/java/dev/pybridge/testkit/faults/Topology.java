package dev.pybridge.testkit.faults;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;

/** The real bridges each fault is tried on. */
enum Topology {
    SINGLE {
        @Override
        PythonBridge start(BridgeConfig config) {
            return SingleProcessBridge.start(config);
        }
    },
    POOL_OF_TWO {
        @Override
        PythonBridge start(BridgeConfig config) {
            return PooledBridge.start(PoolConfig.builder().bridge(config).size(2).build());
        }
    };

    abstract PythonBridge start(BridgeConfig config);
}
