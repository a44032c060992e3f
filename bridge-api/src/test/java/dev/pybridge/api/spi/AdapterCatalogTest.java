package dev.pybridge.api.spi;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.program.Adapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterCatalogTest {

    private static final String SECRET = "sk-do-not-print-me";

    private static final AdapterProperty PYTHON = AdapterProperty.of("python", "the interpreter", "python3");
    private static final AdapterProperty POOL_SIZE = AdapterProperty.of("pool.size", "how many workers", "2");
    private static final AdapterProperty API_KEY = AdapterProperty.of("api-key", "the language model's key");

    private final AtomicReference<Map<String, String>> received = new AtomicReference<>();
    private final Adapter adapter = TestingProvider.stubAdapter();
    private final AdapterProvider pool = new TestingProvider("python-pool", Set.of(PYTHON, POOL_SIZE, API_KEY), settings -> {
        received.set(settings);
        return adapter;
    });
    private final AdapterCatalog catalog = AdapterCatalog.of(List.of(pool, TestingProvider.named("mock")));

    @Test
    void createsWithTheCallersPropertiesAndTheDefaultsOfTheOthers() {
        assertSame(adapter, catalog.create("python-pool", Map.of("pool.size", "4", "api-key", SECRET)));
        assertEquals(Map.of("python", "python3", "pool.size", "4", "api-key", SECRET), received.get());
        assertThrows(UnsupportedOperationException.class, () -> received.get().put("python", "other"));
    }

    @Test
    void namesAreSortedAndProvidersFoundByName() {
        assertEquals(List.of("mock", "python-pool"), List.copyOf(catalog.names()));
        assertSame(pool, catalog.provider("python-pool"));
        assertThrows(UnsupportedOperationException.class, () -> catalog.names().add("other"));
        assertEquals("AdapterCatalog[mock, python-pool]", catalog.toString());
    }

    @Test
    void anUnknownNameListsTheInstalledOnesAndSuggestsTheNearest() {
        assertMessage("no adapter provider is named 'pyhton-pool' (installed: mock, python-pool); did you mean 'python-pool'? "
                + "PyBridge's own providers come with its artifacts: python with bridge-core, python-pool with bridge-pool, "
                + "mock and bridge-mock with bridge-testkit", () -> catalog.provider("pyhton-pool"));
        assertMessage("no adapter provider is named 'python' (installed: mock, python-pool). "
                + "It comes with bridge-core: add that artifact to the class or module path", () -> catalog.create("python", Map.of()));
        assertMessage("no adapter provider is named 'bridge-mock', and none is installed. "
                + "It comes with bridge-testkit: add that artifact to the class or module path",
                () -> AdapterCatalog.of(List.of()).provider("bridge-mock"));
    }

    @Test
    void twoProvidersWithOneNameAreAnErrorWhenTheCatalogIsBuilt() {
        AdapterProvider other = new OtherProvider();
        assertMessage("two adapter providers are named 'mock': " + TestingProvider.class.getName() + " and "
                + OtherProvider.class.getName() + "; keep only one of them on the class or module path",
                () -> AdapterCatalog.of(List.of(TestingProvider.named("mock"), other)));
    }

    @Test
    void anUnknownKeyIsNamedWithTheNearestKnownOne() {
        assertMessage("adapter provider 'python-pool' has no property 'pool.sise' (did you mean 'pool.size'?)",
                () -> catalog.create("python-pool", Map.of("pool.sise", "4")));
        assertMessage("adapter provider 'python-pool' has no property 'API_KEY' (did you mean 'api-key'?)",
                () -> catalog.create("python-pool", Map.of("API_KEY", SECRET)));
        assertMessage("adapter provider 'python-pool' has no property 'workers'; its properties are: api-key, pool.size, python",
                () -> catalog.create("python-pool", Map.of("workers", "4")));
        assertMessage("adapter provider 'python-pool' has no properties 'pyton' (did you mean 'python'?), 'workers'; "
                + "its properties are: api-key, pool.size, python",
                () -> catalog.create("python-pool", Map.of("workers", "4", "pyton", "/usr/bin/python3", "api-key", SECRET)));
        assertMessage("adapter provider 'mock' has no property 'seed'; it takes no properties",
                () -> catalog.create("mock", Map.of("seed", "1")));
    }

    @Test
    void aProviderThatFailsIsNamedAndItsMessageKeptInTheCause() {
        IllegalArgumentException failure = new IllegalArgumentException("bad api-key " + SECRET);
        AdapterCatalog failing = AdapterCatalog.of(List.of(new TestingProvider("python", Set.of(API_KEY), settings -> {
            throw failure;
        })));
        BridgeConfigurationException e = assertThrows(BridgeConfigurationException.class,
                () -> failing.create("python", Map.of("api-key", SECRET)));
        assertEquals("adapter provider 'python' (" + TestingProvider.class.getName()
                + ") failed to create an adapter with java.lang.IllegalArgumentException; see the cause", e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void aBridgeExceptionFromAProviderPassesUnchanged() {
        BridgeException timeout = new BridgeTimeoutException("no worker started in time", Duration.ofSeconds(1));
        AdapterCatalog slow = AdapterCatalog.of(List.of(new TestingProvider("python", Set.of(), settings -> {
            throw timeout;
        })));
        assertSame(timeout, assertThrows(BridgeException.class, () -> slow.create("python", Map.of())));
    }

    @Test
    void aProviderThatReturnsNoAdapterIsNamed() {
        AdapterCatalog empty = AdapterCatalog.of(List.of(new TestingProvider("python", Set.of(), settings -> null)));
        assertMessage("adapter provider 'python' (" + TestingProvider.class.getName() + ") returned no adapter",
                () -> empty.create("python", Map.of()));
    }

    @Test
    void aProviderMustDescribeItselfWell() {
        String className = TestingProvider.class.getName();
        assertMessage("adapter provider " + className + " has the name 'Python'; a name is lowercase words of letters and digits "
                + "joined by '-', such as 'python-pool'", () -> AdapterCatalog.of(List.of(TestingProvider.named("Python"))));
        assertMessage("adapter provider " + className + " has the name null; a name is lowercase words of letters and digits "
                + "joined by '-', such as 'python-pool'", () -> AdapterCatalog.of(List.of(TestingProvider.named(null))));
        assertMessage("adapter provider 'python' (" + className + ") returned null from properties(); return an empty set if it takes none",
                () -> AdapterCatalog.of(List.of(new TestingProvider("python", null, settings -> null))));
        AdapterProvider twice = new TwiceProvider();
        assertMessage("adapter provider 'twice' (" + TwiceProvider.class.getName() + ") declares the property 'python' twice",
                () -> AdapterCatalog.of(List.of(twice)));
    }

    @Test
    void aProviderThatCannotBeLoadedIsAConfigurationError(@TempDir Path classes) throws IOException {
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve(AdapterProvider.class.getName()), "no.such.Provider\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            assertMessage("an adapter provider could not be loaded: " + AdapterProvider.class.getName()
                    + ": Provider no.such.Provider not found", () -> AdapterCatalog.load(loader));
        }
    }

    @Test
    void nullsAreCallerBugs() {
        assertThrows(NullPointerException.class, () -> catalog.create(null, Map.of()));
        assertThrows(NullPointerException.class, () -> catalog.create("mock", null));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("python", null);
        assertEquals("property 'python' is null",
                assertThrows(NullPointerException.class, () -> catalog.create("python-pool", nullValue)).getMessage());
        assertThrows(NullPointerException.class, () -> AdapterCatalog.of(null));
    }

    @Test
    void noMessageShowsAPropertyValue() {
        AdapterCatalog failing = AdapterCatalog.of(List.of(new TestingProvider("python", Set.of(API_KEY), settings -> {
            throw new IllegalStateException(settings.get("api-key"));
        })));
        List<Executable> attempts = List.of(
                () -> catalog.create("python-pool", Map.of("apikey", SECRET)),
                () -> catalog.create("python-pool", Map.of("pool.size", SECRET, "x", "1")),
                () -> catalog.create("nothing", Map.of("api-key", SECRET)),
                () -> failing.create("python", Map.of("api-key", SECRET)));
        for (Executable attempt : attempts) {
            String message = assertThrows(BridgeConfigurationException.class, attempt).getMessage();
            assertFalse(message.contains(SECRET), message);
        }
    }

    private static void assertMessage(String expected, Executable action) {
        assertEquals(expected, assertThrows(BridgeConfigurationException.class, action).getMessage());
    }

    /** Another provider class claiming a name that is taken. */
    static final class OtherProvider implements AdapterProvider {
        @Override
        public String name() {
            return "mock";
        }

        @Override
        public Set<AdapterProperty> properties() {
            return Set.of();
        }

        @Override
        public Adapter create(Map<String, String> properties) {
            return TestingProvider.stubAdapter();
        }
    }

    /** Declares one key twice, with two descriptions, which a Set does not merge. */
    static final class TwiceProvider implements AdapterProvider {
        @Override
        public String name() {
            return "twice";
        }

        @Override
        public Set<AdapterProperty> properties() {
            return Set.of(AdapterProperty.of("python", "one"), AdapterProperty.of("python", "two"));
        }

        @Override
        public Adapter create(Map<String, String> properties) {
            return TestingProvider.stubAdapter();
        }
    }
}
