package dev.pybridge.core;

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

/** Pins what bridge-core shows the world, so that a change to it is a deliberate one. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = SingleProcessBridge.class.getModule().getDescriptor();

    @Test
    void exportsThePublicPackagesToAllAndTheEngineToThePoolAlone() {
        assertNotNull(module, "tests must run on the module path");
        Map<String, Set<String>> exports = module.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Map.of("dev.pybridge.core", Set.of(), "dev.pybridge.core.launch", Set.of(), "dev.pybridge.core.script", Set.of(),
                "dev.pybridge.core.engine", Set.of("dev.pybridge.pool")), exports);
        assertTrue(module.packages().containsAll(Set.of("dev.pybridge.core.internal", "dev.pybridge.core.worker", "dev.pybridge.core.protocol")));
    }

    @Test
    void opensToGuiceOnlyWhatItInjects() {
        assertEquals(Map.of("dev.pybridge.core", Set.of("com.google.guice")),
                module.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
    }

    @Test
    void guiceIsOptional() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), requires.get("com.google.guice"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.api"));
    }

    @Test
    void providesTheScriptEngineFactory() {
        // Transitive: the engine's public types extend javax.script's.
        assertTrue(module.requires().stream().anyMatch(required -> required.name().equals("java.scripting")
                && required.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)));
        assertEquals(Map.of("javax.script.ScriptEngineFactory", List.of("dev.pybridge.core.script.PythonScriptEngineFactory")),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void metaInfServicesListsTheSameProvidersAsTheModule() throws IOException {
        // Class-path users (and jrunscript -cp) find providers only through META-INF/services.
        for (ModuleDescriptor.Provides provides : module.provides()) {
            String file = "META-INF/services/" + provides.service();
            try (InputStream in = SingleProcessBridge.class.getModule().getResourceAsStream(file)) {
                assertNotNull(in, file + " is missing");
                List<String> listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .map(line -> line.replaceAll("#.*", "").strip())
                        .filter(line -> !line.isEmpty())
                        .toList();
                assertEquals(provides.providers(), listed, file);
            }
        }
    }
}
