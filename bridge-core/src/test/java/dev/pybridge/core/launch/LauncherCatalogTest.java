package dev.pybridge.core.launch;

import dev.pybridge.api.error.BridgeConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherCatalogTest {

    private final AtomicReference<Map<String, String>> received = new AtomicReference<>();
    private final WorkerLauncher made = spec -> {
        throw new AssertionError("not launched in this test");
    };
    private final LauncherProvider remote = new LauncherProvider() {
        @Override
        public String name() {
            return "remote";
        }

        @Override
        public Set<LauncherProperty> properties() {
            return Set.of(LauncherProperty.of("hosts", "where the workers run"),
                    LauncherProperty.of("known-hosts", "the known hosts file", "accept-new"));
        }

        @Override
        public WorkerLauncher create(Map<String, String> properties) {
            received.set(properties);
            return made;
        }
    };
    private final LauncherCatalog catalog = LauncherCatalog.of(List.of(remote, new LocalLauncherProvider()));

    @Test
    void createsWithTheCallersPropertiesAndTheDefaultsOfTheOthers() {
        assertSame(made, catalog.create("remote", Map.of("hosts", "a,b")));
        assertEquals(Map.of("hosts", "a,b", "known-hosts", "accept-new"), received.get());
        assertEquals(List.of("local", "remote"), List.copyOf(catalog.names()));
    }

    @Test
    void anUnknownNameListsTheKnownOnesAndTheNearest() {
        var e = assertThrows(BridgeConfigurationException.class, () -> catalog.create("remot", Map.of()));
        assertEquals("no launcher is named 'remot' (installed: local, remote); did you mean 'remote'?"
                + " PyBridge's own launchers are local and ssh (bridge-core) and kubernetes (bridge-kubernetes)", e.getMessage());
        var missing = assertThrows(BridgeConfigurationException.class, () -> catalog.create("kubernetes", Map.of()));
        assertTrue(missing.getMessage().endsWith("It comes with bridge-kubernetes: add that artifact to the class or module path"),
                missing.getMessage());
    }

    @Test
    void anUnknownPropertySuggestsTheNearestKeyAndNeverQuotesValues() {
        var e = assertThrows(BridgeConfigurationException.class,
                () -> catalog.create("remote", Map.of("host", "secret-host", "knownhosts", "x")));
        assertEquals("launcher 'remote' has no properties 'host' (did you mean 'hosts'?), 'knownhosts' (did you mean 'known-hosts'?)",
                e.getMessage());
        assertFalse(e.getMessage().contains("secret-host"));
        var far = assertThrows(BridgeConfigurationException.class, () -> catalog.create("local", Map.of("image", "x")));
        assertEquals("launcher 'local' has no property 'image'; it takes no properties", far.getMessage());
    }

    @Test
    void aProviderThatFailsIsNamedAndTwoOfOneNameAreRefused() {
        LauncherProvider failing = new LauncherProvider() {
            @Override
            public String name() {
                return "local";
            }

            @Override
            public Set<LauncherProperty> properties() {
                return Set.of();
            }

            @Override
            public WorkerLauncher create(Map<String, String> properties) {
                throw new IllegalStateException("value x was bad");
            }
        };
        var e = assertThrows(BridgeConfigurationException.class, () -> LauncherCatalog.of(List.of(failing)).create("local", Map.of()));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(e.getMessage().contains("value x"));
        var twice = assertThrows(BridgeConfigurationException.class,
                () -> LauncherCatalog.of(List.of(new LocalLauncherProvider(), new LocalLauncherProvider())));
        assertTrue(twice.getMessage().startsWith("two launchers are named 'local'"), twice.getMessage());
    }

    @Test
    void theLocalLauncherIsFoundThroughServiceLoader() {
        assertTrue(LauncherCatalog.load().names().contains("local"));
        assertInstanceOf(LocalProcessLauncher.class, LauncherCatalog.load().create("local", Map.of()));
    }
}
