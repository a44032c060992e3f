package dev.pybridge.testkit.contract;

import dev.pybridge.api.program.LmConfig;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testkit.NoProcessLeftBehind;
import org.junit.jupiter.api.extension.ExtendWith;

/** The python adapter over a pool of two keeps the adapter contract, its batches spread over both workers. */
@ExtendWith(NoProcessLeftBehind.class)
class PooledPythonAdapterContractIT implements AdapterContract<PythonAdapter> {

    @Override
    public PythonAdapter createAdapter() {
        PooledBridge pool = PooledBridge.start(TestingWorkers.pool(2, TestingWorkers.programs().build()));
        return PythonAdapter.builder(pool).workers(2).closesBridge(true).build();
    }

    @Override
    public LmConfig lm() {
        return TestingWorkers.answeringLm();
    }
}
