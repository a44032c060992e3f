package dev.pybridge.kubernetes;

import dev.pybridge.core.launch.LauncherProvider;
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

/** Pins what bridge-kubernetes shows the world, so that a change to it is a deliberate one. */
class ModuleDescriptorTest {

    private final ModuleDescriptor module = KubernetesLauncher.class.getModule().getDescriptor();

    @Test
    void exportsOnlyItsApiOpensNothingAndProvidesTheLauncher() {
        assertNotNull(module, "tests must run on the module path");
        assertEquals("dev.pybridge.kubernetes", module.name());
        assertEquals(Set.of("dev.pybridge.kubernetes"), module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.exports().stream().allMatch(exports -> exports.targets().isEmpty()));
        assertTrue(module.opens().isEmpty(), module.opens().toString());
        assertEquals(Map.of(LauncherProvider.class.getName(), List.of(KubernetesLauncherProvider.class.getName())),
                module.provides().stream().collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers)));
    }

    @Test
    void requiresCoreTransitivelyAndFabric8sAutomaticModules() {
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = module.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), requires.get("dev.pybridge.core"));
        assertEquals(Set.of("dev.pybridge.core", "org.slf4j", "kubernetes.client.api", "kubernetes.model.core", "kubernetes.model.common",
                "kubernetes.client", "io.fabric8.kubernetes.client.jdkhttp", "java.base"), requires.keySet());
    }

    @Test
    void theServiceFileListsTheSameProviderAsTheDescriptor() throws IOException {
        try (InputStream file = KubernetesLauncher.class.getModule().getResourceAsStream("META-INF/services/" + LauncherProvider.class.getName())) {
            assertNotNull(file);
            assertEquals(List.of(KubernetesLauncherProvider.class.getName()),
                    new String(file.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
        }
    }
}
