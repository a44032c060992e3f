package dev.pybridge.testkit.fake;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.spi.AdapterCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code bridge-mock} provider is found by name and makes a working adapter on fake workers. */
class BridgeMockAdapterProviderTest {

    @Test
    void theCatalogFindsIt() {
        AdapterCatalog catalog = AdapterCatalog.load();
        assertTrue(catalog.names().contains("bridge-mock"), catalog.names().toString());
        assertInstanceOf(BridgeMockAdapterProvider.class, catalog.provider("bridge-mock"));
    }

    @Test
    void makesAnAdapterOverASingleWorkerOrAPool() {
        Set<String> threadsBefore = Await.fakeWorkerThreads();
        for (String workers : List.of("1", "2")) {
            try (Adapter adapter = AdapterCatalog.load().create("bridge-mock", Map.of("workers", workers, "timeout", "PT10S"))) {
                adapter.configureLm(LmConfig.of("fake/answering"));
                adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("qa"));
                List<Prediction> predictions = adapter.executeBatch("qa", List.of(Map.of("question", "a"), Map.of("question", "b")));
                assertEquals(List.of("answer to a", "answer to b"), predictions.stream().map(prediction -> prediction.getString("answer")).toList());
                assertEquals(workers.equals("2"), adapter.capabilities().has(AdapterFeature.PARALLEL_BATCH));
                assertTrue(adapter.health().healthy(), adapter.health().toString());
            }
        }
        Await.until("closing the adapters ended their fake workers", () -> threadsBefore.containsAll(Await.fakeWorkerThreads()));
    }

    @Test
    void refusesBadPropertiesNamingTheKey() {
        AdapterCatalog catalog = AdapterCatalog.load();
        for (Map<String, String> bad : List.of(Map.of("workers", "0"), Map.of("workers", "many"), Map.of("timeout", "soon"),
                Map.of("timeout", "PT0S"))) {
            BridgeConfigurationException refused = assertThrows(BridgeConfigurationException.class, () -> catalog.create("bridge-mock", bad));
            String key = bad.keySet().iterator().next();
            assertTrue(refused.getMessage().startsWith("adapter provider 'bridge-mock': " + key + " must be"), refused.getMessage());
            assertFalse(refused.getMessage().contains("'" + bad.get(key) + "'"), "a value may be a secret: " + refused.getMessage());
        }
        BridgeConfigurationException misspelt = assertThrows(BridgeConfigurationException.class,
                () -> catalog.create("bridge-mock", Map.of("worker", "2")));
        assertTrue(misspelt.getMessage().contains("did you mean 'workers'?"), misspelt.getMessage());
    }
}
