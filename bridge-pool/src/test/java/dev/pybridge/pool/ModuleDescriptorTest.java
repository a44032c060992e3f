package dev.pybridge.pool;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins what bridge-pool shows the world, so that a change to it is a deliberate one. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = PooledBridge.class.getModule().getDescriptor();

    @Test
    void exportsOnlyItsApi() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals(Set.of("dev.pybridge.pool"), module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.packages().stream().filter(name -> name.startsWith("dev.pybridge.pool")).allMatch("dev.pybridge.pool"::equals),
                "the pool's helpers are package-private beside its API: " + module.packages());
        assertEquals(Map.of("dev.pybridge.pool", Set.of("com.google.guice")),
                module.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
        assertEquals(Map.of("dev.pybridge.api.spi.AdapterProvider", List.of(PooledAdapterProvider.class.getName())),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void requiresCoreTransitivelyAndGuiceOptionally() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.core"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), requires.get("com.google.guice"));
        assertEquals(Set.of(), requires.get("com.github.benmanes.caffeine"));
    }
}
