package dev.pybridge.pool;

import dev.pybridge.api.config.LauncherChoice;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pools whose launchers come from their configuration, by name, through the launcher catalog. */
@ExtendWith(NoProcessLeft.class)
class PlacementsIT {

    @Test
    void aPoolOfPlacementsStartsEachShareAndSaysWhereItsWorkersRun() {
        List<PoolEvent.WorkerStarted> started = new CopyOnWriteArrayList<>();
        PoolConfig config = TestingPool.config(1).placements(WorkerPlacement.of(LauncherChoice.local(), 1),
                WorkerPlacement.of(LauncherChoice.of("local", Map.of()), 1)).build();
        try (PooledBridge pool = new PooledBridge(config, PooledBridge.launcherOf(config),
                java.util.Set.of(event -> {
                    if (event instanceof PoolEvent.WorkerStarted s) {
                        started.add(s);
                    }
                }))) {
            assertEquals(2L, pool.call(dev.pybridge.api.Call.eval("1 + 1").idempotent()));
            assertEquals(Map.of("localhost", 2), pool.stats().servingByHost());
            assertEquals(List.of("localhost", "localhost"), started.stream().map(PoolEvent.WorkerStarted::host).toList());
        }
    }

    @Test
    void anUnknownLauncherOrPropertyFailsTheStartWithTheCatalogsMessage() {
        PoolConfig unknown = TestingPool.config(1).bridge(TestingPool.bridge().launcher("sshh", Map.of()).build()).build();
        BridgeConfigurationException name = assertThrows(BridgeConfigurationException.class, () -> PooledBridge.start(unknown));
        assertTrue(name.getMessage().startsWith("no launcher is named 'sshh' (installed: local"), name.getMessage());
        PoolConfig property = TestingPool.config(1).bridge(TestingPool.bridge().launcher("local", Map.of("hots", "a")).build()).build();
        assertEquals("launcher 'local' has no property 'hots'; it takes no properties",
                assertThrows(BridgeConfigurationException.class, () -> PooledBridge.start(property)).getMessage());
    }
}
