package dev.pybridge.kubernetes;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.LauncherProperty;
import dev.pybridge.core.launch.WorkerLauncher;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider as users reach it: through the launcher catalog, by name, with properties. */
class KubernetesLauncherProviderTest {

    private final LauncherCatalog catalog = LauncherCatalog.load();

    @Test
    void theCatalogFindsItByNameWithItsPropertiesDescribed() {
        assertTrue(catalog.names().contains("kubernetes"), catalog.names().toString());
        Set<LauncherProperty> properties = catalog.provider("kubernetes").properties();
        assertEquals(Set.of("image", "namespace", "python", "cpu", "memory", "gpus", "gpu-resource", "node-selector", "tolerations",
                "service-account", "image-pull-policy", "pull-secret", "context", "kubeconfig"),
                properties.stream().map(LauncherProperty::key).collect(Collectors.toSet()));
        Map<String, Optional<String>> defaults = properties.stream().collect(Collectors.toMap(LauncherProperty::key, LauncherProperty::defaultValue));
        assertEquals(Optional.of("python3"), defaults.get("python"));
        assertEquals(Optional.of("nvidia.com/gpu"), defaults.get("gpu-resource"));
        assertEquals(Optional.empty(), defaults.get("image"));
    }

    @Test
    void anUnknownKeySuggestsTheNearest() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> catalog.create("kubernetes", Map.of("image", "python:3.12-slim", "node-selecter", "gpu=true")));
        assertTrue(error.getMessage().contains("node-selector"), error.getMessage());
    }

    @Test
    void theImageIsRequired() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class, () -> catalog.create("kubernetes", Map.of()));
        assertTrue(error.getMessage().startsWith("launcher 'kubernetes': property 'image' is required: "), error.getMessage());
    }

    @Test
    void eachBadValueIsNamedWithTheFormExpectedAndNeverQuoted() {
        Map<String, String> bad = Map.of("cpu", "lots", "memory", "-1Gi", "gpus", "0", "gpu-resource", "GPU please",
                "node-selector", "nodepool", "tolerations", "gpu=true:Sometimes", "namespace", "Team_A", "image-pull-policy", "Sometimes",
                "service-account", "Admin!", "pull-secret", "/etc");
        for (Map.Entry<String, String> property : bad.entrySet()) {
            Map<String, String> properties = new HashMap<>(Map.of("image", "python:3.12-slim"));
            properties.put(property.getKey(), property.getValue());
            BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class, () -> catalog.create("kubernetes", properties),
                    property.getKey());
            assertTrue(error.getMessage().startsWith("launcher 'kubernetes': property '" + property.getKey() + "' must be"), error.getMessage());
            assertFalse(error.getMessage().contains(property.getValue()), error.getMessage());
        }
        assertTrue(assertThrows(BridgeConfigurationException.class, () -> catalog.create("kubernetes", Map.of("image", "python:3.12-slim",
                "cpu", "lots"))).getMessage().contains("such as 500m or 2"));
    }

    @Test
    void goodValuesAreRead() {
        PodSettings settings = PodSettings.from(Map.of("image", "python:3.12-slim", "python", "python3", "gpu-resource", "amd.com/gpu",
                "cpu", "1.5", "memory", "512Mi", "gpus", "1", "node-selector", " gpu = true , zone=eu-1 ",
                "tolerations", "gpu=true:NoSchedule, dedicated:NoExecute,spot", "image-pull-policy", "Always"));
        assertEquals(Optional.of("1.5"), settings.cpu());
        assertEquals(Map.of("gpu", "true", "zone", "eu-1"), settings.nodeSelector());
        assertEquals(List.of(new PropertyValues.TolerationSpec("gpu", Optional.of("true"), Optional.of("NoSchedule")),
                new PropertyValues.TolerationSpec("dedicated", Optional.empty(), Optional.of("NoExecute")),
                new PropertyValues.TolerationSpec("spot", Optional.empty(), Optional.empty())), settings.tolerations());
        assertEquals("amd.com/gpu", settings.gpuResource());
        assertEquals(Optional.empty(), settings.namespace());
    }

    @Test
    void aKubeconfigThatIsNotThereIsNamed() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class, () -> catalog.create("kubernetes",
                Map.of("image", "python:3.12-slim", "kubeconfig", "/no/such/kubeconfig")));
        assertEquals("launcher 'kubernetes': property 'kubeconfig' must name a kubeconfig file that exists", error.getMessage());
    }

    @Test
    void withGoodPropertiesItMakesAKubernetesLauncherWithoutConnecting() {
        WorkerLauncher launcher = catalog.create("kubernetes", Map.of("image", "python:3.12-slim", "namespace", "ml"));
        try {
            assertEquals("ml", assertInstanceOf(KubernetesLauncher.class, launcher).namespace());
            assertEquals(List.of(), launcher.hosts(), "the scheduler places the pods: no host is known in advance");
        } finally {
            launcher.close();
        }
    }
}
