package dev.pybridge.jsr223;

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

/** Pins what the script engine's module shows the world. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = PythonScriptEngineFactory.class.getModule().getDescriptor();

    @Test
    void exportsItsOnePackage() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals(Set.of("dev.pybridge.jsr223"), module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
        assertTrue(module.opens().isEmpty());
    }

    @Test
    void requiresScriptingAndTheApiTransitively() {
        // Transitive: the engine's public types extend javax.script's and take a PythonBridge.
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("java.scripting"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.api"));
        assertEquals(Set.of(), requires.get("dev.pybridge.core"));
    }

    @Test
    void providesTheScriptEngineFactory() {
        assertEquals(Map.of("javax.script.ScriptEngineFactory", List.of("dev.pybridge.jsr223.PythonScriptEngineFactory")),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void metaInfServicesListsTheSameProvidersAsTheModule() throws IOException {
        // Class-path users (and jrunscript -cp) find providers only through META-INF/services.
        for (ModuleDescriptor.Provides provides : module.provides()) {
            String file = "META-INF/services/" + provides.service();
            try (InputStream in = PythonScriptEngineFactory.class.getModule().getResourceAsStream(file)) {
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
