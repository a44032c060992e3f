package dev.pybridge.testkit;

import dev.pybridge.testkit.fake.BridgeMockAdapterProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins what the testkit shows the suites that import it. */
class ModuleDescriptorTest {

    private static final String ADAPTER_PROVIDER = "dev.pybridge.api.spi.AdapterProvider";

    private final ModuleDescriptor module = NoProcessLeftBehind.class.getModule().getDescriptor();

    @Test
    void exportsItsPackagesAndRegistersOnlyAdapterProviders() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals(Set.of("dev.pybridge.testkit", "dev.pybridge.testkit.fake"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(module.opens().isEmpty());
        // No extension or engine is registered behind a downstream suite's back: only the adapters it names.
        assertEquals(Map.of(ADAPTER_PROVIDER, List.of(BridgeMockAdapterProvider.class.getName())),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void listsTheSameProvidersForTheClassPath() throws IOException {
        try (InputStream services = NoProcessLeftBehind.class.getModule().getResourceAsStream("META-INF/services/" + ADAPTER_PROVIDER)) {
            assertNotNull(services, "META-INF/services/" + ADAPTER_PROVIDER + " is missing");
            List<String> listed = new String(services.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertEquals(module.provides().stream().filter(provides -> provides.service().equals(ADAPTER_PROVIDER))
                    .flatMap(provides -> provides.providers().stream()).sorted().toList(), listed.stream().sorted().toList());
        }
    }
}
