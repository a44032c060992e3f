package dev.pybridge.micrometer;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins what bridge-micrometer shows the world, so that a change to it is a deliberate one. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = PyBridgeMetrics.class.getModule().getDescriptor();

    @Test
    void exportsOnlyItsApiAndOpensNothing() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals("dev.pybridge.micrometer", module.name());
        assertEquals(Set.of("dev.pybridge.micrometer"), module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().allMatch(exports -> exports.targets().isEmpty()));
        // The test fixtures (dev.pybridge.testing) are patched into the module with the tests; they are not its own.
        assertTrue(module.packages().stream().filter(name -> name.startsWith("dev.pybridge.micrometer")).allMatch("dev.pybridge.micrometer"::equals),
                "the binder's helpers are package-private beside its API: " + module.packages());
        assertTrue(module.opens().isEmpty(), "Guice injects nothing of this module: " + module.opens());
        assertTrue(module.provides().isEmpty());
    }

    @Test
    void requiresThePoolAndMicrometerTransitivelyAndGuiceOptionally() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.pool"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("micrometer.core"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), requires.get("com.google.guice"));
        assertEquals(Set.of("dev.pybridge.pool", "micrometer.core", "com.google.guice", "java.base"), requires.keySet());
    }
}
