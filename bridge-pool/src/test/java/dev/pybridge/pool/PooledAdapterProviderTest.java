package dev.pybridge.pool;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.spi.AdapterProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool provider's own properties are checked before anything starts. */
class PooledAdapterProviderTest {

    private final PooledAdapterProvider provider = new PooledAdapterProvider();

    @Test
    void describesPreloadAndStartMethod() {
        Set<String> names = provider.properties().stream().map(AdapterProperty::key).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("workers", "max-queued", "preload", "start-method")), names.toString());
    }

    @Test
    void aBadPreloadModuleIsNamedAsTheProperty() {
        String message = assertThrows(BridgeConfigurationException.class, () -> provider.create(Map.of("preload", "numpy, scipy stats")))
                .getMessage();
        assertTrue(message.startsWith("adapter provider 'python-pool': property preload: preload module 'scipy stats' is not a dotted"),
                message);
    }

    @Test
    void aBadStartMethodSaysTheChoices() {
        assertEquals("adapter provider 'python-pool': property start-method must be spawn or fork",
                assertThrows(BridgeConfigurationException.class, () -> provider.create(Map.of("start-method", "thread"))).getMessage());
    }
}
