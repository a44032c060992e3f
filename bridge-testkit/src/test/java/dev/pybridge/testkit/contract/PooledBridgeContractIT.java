package dev.pybridge.testkit.contract;

import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testkit.NoProcessLeftBehind;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pool of two keeps the bridge contract, on real workers. */
@ExtendWith(NoProcessLeftBehind.class)
class PooledBridgeContractIT implements PythonBridgeContract<PooledBridge> {

    @Override
    public PooledBridge createBridge() {
        return PooledBridge.start(TestingWorkers.pool(2, TestingWorkers.bridge().build()));
    }
}
