package dev.pybridge.testkit.contract;

import dev.pybridge.api.program.LmConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.testkit.NoProcessLeftBehind;
import org.junit.jupiter.api.extension.ExtendWith;

/** The python adapter over a single bridge keeps the adapter contract, with a test LM on a real worker. */
@ExtendWith(NoProcessLeftBehind.class)
class PythonAdapterContractIT implements AdapterContract<PythonAdapter> {

    @Override
    public PythonAdapter createAdapter() {
        return PythonAdapter.builder(SingleProcessBridge.start(TestingWorkers.programs().build())).closesBridge(true).build();
    }

    @Override
    public LmConfig lm() {
        return TestingWorkers.answeringLm();
    }
}
