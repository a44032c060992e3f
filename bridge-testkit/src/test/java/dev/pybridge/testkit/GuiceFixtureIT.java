package dev.pybridge.testkit;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.SingleProcessModule;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fixture whose bridge comes from the suite's own Guice modules. */
class GuiceFixtureIT {

    @Test
    void aPoolModuleOnFakeWorkersWithAFault() {
        try (PyBridgeFixture fixture = PyBridgeFixture.builder(Layer.BRIDGE_MOCK)
                .guice(new PoolModule(PoolConfig.builder().size(2).build()))
                .faults(Fault.crashOn("eval"))
                .build()) {
            assertThrows(WorkerCrashedException.class, () -> fixture.pool().eval("1"));
            fixture.awaitWorkerReplaced(Duration.ofSeconds(30));
            assertEquals("on", fixture.bridge().call(Call.echo("on")));
        }
    }

    @Test
    void aSingleProcessModuleOnRealPython() {
        try (PyBridgeFixture fixture = PyBridgeFixture.builder(Layer.PYTHON)
                .guice(new SingleProcessModule(BridgeConfig.builder().build()))
                .build()) {
            assertEquals(4L, fixture.singleBridge().eval("2 + 2"));
            assertTrue(fixture.events().size() >= 1, "the fixture hears the bridge's events: " + fixture.events());
        }
    }

    @Test
    void faultsForRealPythonFromModulesAreRefusedSayingWhy() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PyBridgeFixture.builder(Layer.PYTHON)
                .guice(new SingleProcessModule(BridgeConfig.builder().build())).faults(Fault.crashOn("eval")).build());
        assertTrue(error.getMessage().contains("use Layer.BRIDGE_MOCK"), error.getMessage());
    }
}
