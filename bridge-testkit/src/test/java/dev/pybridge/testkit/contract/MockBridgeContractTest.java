package dev.pybridge.testkit.contract;

import dev.pybridge.api.Call;
import dev.pybridge.testkit.mock.MockBridge;

import java.util.Optional;

/** The mock bridge keeps the bridge contract, its hanging command standing in for a slow call. */
class MockBridgeContractTest implements PythonBridgeContract<MockBridge> {

    @Override
    public MockBridge createBridge() {
        return MockBridge.builder().hanging("sleep").build();
    }

    @Override
    public boolean runsPython() {
        return false;
    }

    @Override
    public Optional<Call> slowCall() {
        return Optional.of(Call.of("sleep"));
    }
}
