package dev.pybridge.testkit;

import dev.pybridge.testkit.fake.BridgeMockAdapterProvider;
import dev.pybridge.testkit.mock.MockAdapterProvider;
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


    private final ModuleDescriptor module = NoProcessLeftBehind.class.getModule().getDescriptor();

    @Test
    void exportsItsPackagesAndRegistersOnlyItsAdapterProviders() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals(Set.of("dev.pybridge.testkit", "dev.pybridge.testkit.faults", "dev.pybridge.testkit.jqwik", "dev.pybridge.testkit.mock",
                        "dev.pybridge.testkit.contract", "dev.pybridge.testkit.fake"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(module.opens().isEmpty());
        assertEquals(Map.of("dev.pybridge.api.spi.AdapterProvider",
                        List.of(MockAdapterProvider.class.getName(), BridgeMockAdapterProvider.class.getName())),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)),
                "no extension or engine is registered behind a downstream suite's back");
    }

    @Test
    void theServicesFilesListWhatTheDescriptorProvides() throws IOException {
        for (ModuleDescriptor.Provides provides : module.provides()) {
            try (InputStream file = NoProcessLeftBehind.class.getModule().getResourceAsStream("META-INF/services/" + provides.service())) {
                assertNotNull(file, "META-INF/services/" + provides.service() + " is missing");
                List<String> listed = new String(file.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
                assertEquals(provides.providers(), listed, "class-path users find the same providers");
            }
        }
    }
}
