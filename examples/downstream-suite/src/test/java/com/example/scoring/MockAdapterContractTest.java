package com.example.scoring;

import dev.pybridge.api.program.LmConfig;
import dev.pybridge.testkit.contract.AdapterContract;
import dev.pybridge.testkit.mock.MockAdapter;

/**
 * A downstream implementation gets the whole adapter contract by implementing one interface;
 * here the testkit's own mock adapter stands in for one.
 */
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
