package dev.pybridge.micrometer;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.core.SingleProcessModule;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolModule;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With Guice, the binder hears the bridge the injector makes and binds to the injector's registry. */
@ExtendWith(NoProcessLeft.class)
class PyBridgeMetricsModuleIT {

    private final TestingMeters meters = new TestingMeters();

    @Test
    void aPoolFromPoolModuleIsMetered() {
        assertMetered(new PoolModule(PoolConfig.builder().bridge(TestingPython.config().build()).size(2).build()), 2);
    }

    @Test
    void aBridgeFromSingleProcessModuleIsMetered() {
        assertMetered(new SingleProcessModule(TestingPython.config().build()), 1);
    }

    private void assertMetered(Module bridgeModule, int workers) {
        Injector injector = Guice.createInjector(bridgeModule,
                new PyBridgeMetricsModule(PyBridgeMetrics.builder(TestingMeters.BRIDGE).build()),
                binder -> binder.bind(MeterRegistry.class).toInstance(meters.registry));
        assertTrue(meters.registry.getMeters().isEmpty(), "nothing is bound before the injector makes the bridge");
        try (PythonBridge python = injector.getInstance(PythonBridge.class)) {
            assertEquals(3L, python.eval("1 + 2"));
            Await.until("the call was timed", 10, () -> meters.calls("eval", "ok") == 1);
            assertEquals(workers, meters.workers("ready"));
            assertEquals(workers, meters.starts());
        }
    }
}
