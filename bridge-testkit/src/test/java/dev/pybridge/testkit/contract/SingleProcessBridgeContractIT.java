package dev.pybridge.testkit.contract;

import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testkit.NoProcessLeftBehind;
import org.junit.jupiter.api.extension.ExtendWith;

/** The single-process bridge keeps the bridge contract, on a real worker. */
@ExtendWith(NoProcessLeftBehind.class)
class SingleProcessBridgeContractIT implements PythonBridgeContract<SingleProcessBridge> {

    @Override
    public SingleProcessBridge createBridge() {
        return SingleProcessBridge.start(TestingWorkers.bridge().build());
    }
}
