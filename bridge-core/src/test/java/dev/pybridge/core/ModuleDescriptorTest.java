package dev.pybridge.core;

import dev.pybridge.core.launch.LocalLauncherProvider;
import dev.pybridge.core.launch.ssh.SshLauncherProvider;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
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
    void exportsWhatUsersAndLauncherAuthorsNeedAndItsInternalsOnlyToTheSiblingsThatUseThem() {
        assertNotNull(module, "tests must run on the module path");
        Map<String, Set<String>> exports = module.exports().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
        assertEquals(Map.of(
                "dev.pybridge.core", Set.of(),
                "dev.pybridge.core.event", Set.of(),
                "dev.pybridge.core.launch", Set.of(),
                "dev.pybridge.core.launch.ssh", Set.of(),
                "dev.pybridge.core.status", Set.of(),
                "dev.pybridge.core.program", Set.of(),
                "dev.pybridge.core.internal.engine", Set.of("dev.pybridge.pool"),
                "dev.pybridge.core.internal.adapter", Set.of("dev.pybridge.pool"),
                "dev.pybridge.core.internal.protocol", Set.of("dev.pybridge.jsr223")), exports);
        // The test fixtures (dev.pybridge.testing) are patched into the module with the tests; they are not its own.
        assertTrue(module.packages().stream().filter(name -> name.startsWith("dev.pybridge.core"))
                        .filter(name -> !exports.containsKey(name) || !exports.get(name).isEmpty())
                        .allMatch(name -> name.startsWith("dev.pybridge.core.internal")),
                "every package that is not exported to all is an internal one: " + module.packages());
    }

    @Test
    void opensToGuiceOnlyWhatItInjects() {
        assertEquals(Map.of("dev.pybridge.core", Set.of("com.google.guice")),
                module.opens().stream().collect(Collectors.toMap(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)));
    }

    @Test
    void requiresTheApiTransitivelyGuiceOptionallyAndNoScripting() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.api"));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), requires.get("com.google.guice"));
        assertEquals(Set.of("dev.pybridge.api", "com.fasterxml.jackson.core", "com.fasterxml.jackson.databind", "org.slf4j", "HdrHistogram",
                        "com.google.guice", "jakarta.inject", "java.base"),
                requires.keySet(), "the script engine, and java.scripting with it, live in bridge-jsr223");
    }

    @Test
    void registersItsProvidersForTheClassPathToo() throws java.io.IOException {
        for (String service : List.of("dev.pybridge.api.spi.AdapterProvider", "dev.pybridge.core.launch.LauncherProvider")) {
            try (var registration = SingleProcessBridge.class.getModule().getResourceAsStream("META-INF/services/" + service)) {
                assertTrue(registration != null, "no META-INF/services/" + service + " in the jar: ServiceLoader on the class path finds nothing");
            }
        }
    }

    @Test
    void providesThePythonAdapterAndTheLocalAndSshLaunchers() {
        assertEquals(Map.of("dev.pybridge.api.spi.AdapterProvider", List.of(PythonAdapterProvider.class.getName()),
                        "dev.pybridge.core.launch.LauncherProvider", List.of(LocalLauncherProvider.class.getName(), SshLauncherProvider.class.getName())),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }
}
