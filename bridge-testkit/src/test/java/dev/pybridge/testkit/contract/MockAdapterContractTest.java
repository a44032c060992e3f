package dev.pybridge.testkit.contract;

import dev.pybridge.api.program.LmConfig;
import dev.pybridge.testkit.mock.MockAdapter;

/** The mock adapter keeps the adapter contract. */
class MockAdapterContractTest implements AdapterContract<MockAdapter> {

    @Override
    public MockAdapter createAdapter() {
        return MockAdapter.create();
    }

    @Override
    public LmConfig lm() {
        return LmConfig.of("mock/answering");
    }
}
