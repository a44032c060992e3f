package dev.pybridge.api;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins what the API module shows the world, so that a change to it is a deliberate one. */
class ModuleDescriptorTest {

    @Test
    void exportsExactlyThePublicPackages() {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.pybridge.api", module.name());
        assertEquals(Set.of("dev.pybridge.api", "dev.pybridge.api.config", "dev.pybridge.api.error",
                        "dev.pybridge.api.program", "dev.pybridge.api.spi"),
                module.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("dev.pybridge.api.internal -> [dev.pybridge.core]"),
                module.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .map(e -> e.source() + " -> " + e.targets()).collect(Collectors.toSet()));
        assertTrue(module.opens().isEmpty());
        assertTrue(module.provides().isEmpty());
    }

    @Test
    void usesTheAdapterProviderService() {
        // Without it, ServiceLoader refuses AdapterCatalog's lookups on the module path.
        assertEquals(Set.of("dev.pybridge.api.spi.AdapterProvider"), descriptor().uses());
    }

    @Test
    void dependsOnTheJdkOnly() {
        assertEquals(Set.of("java.base"),
                descriptor().requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }

    private static ModuleDescriptor descriptor() {
        ModuleDescriptor module = PythonBridge.class.getModule().getDescriptor();
        assertTrue(module != null, "tests must run on the module path");
        return module;
    }
}
