package dev.pybridge.testkit.contract;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testkit.Fault;
import dev.pybridge.testkit.fake.FakeWorkerLauncher;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The real bridges and adapter over the bridge-mock layer's fake workers keep the contracts too. */
class BridgeMockContractTest {

    // The fake worker runs no Python; a call of exec never comes back, for the deadline and interrupt tests.
    private static FakeWorkerLauncher workers() {
        return FakeWorkerLauncher.withFaults(List.of(Fault.hangOn("exec")));
    }

    @Nested
    class SingleBridge implements PythonBridgeContract<SingleProcessBridge> {

        @Override
        public SingleProcessBridge createBridge() {
            return new SingleProcessBridge(BridgeConfig.builder().build(), workers(), Set.of());
        }

        @Override
        public boolean runsPython() {
            return false;
        }

        @Override
        public Optional<Call> slowCall() {
            return Optional.of(Call.exec("never answered"));
        }
    }

    @Nested
    class Pool implements PythonBridgeContract<PooledBridge> {

        @Override
        public PooledBridge createBridge() {
            return new PooledBridge(PoolConfig.builder().size(2).build(), workers(), Set.of());
        }

        @Override
        public boolean runsPython() {
            return false;
        }

        @Override
        public Optional<Call> slowCall() {
            return Optional.of(Call.exec("never answered"));
        }
    }

    @Nested
    class Adapter implements AdapterContract<PythonAdapter> {

        @Override
        public PythonAdapter createAdapter() {
            return PythonAdapter.builder(new SingleProcessBridge(BridgeConfig.builder().build(), FakeWorkerLauncher.create(), Set.of()))
                    .closesBridge(true).build();
        }

        @Override
        public LmConfig lm() {
            return LmConfig.of("fake/answering");
        }
    }
}
