package dev.pybridge.pool;

import dev.pybridge.api.config.LauncherChoice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolConfigTest {

    @Test
    void defaultsAreUsable() {
        PoolConfig config = PoolConfig.builder().build();
        assertEquals(Runtime.getRuntime().availableProcessors(), config.size());
        assertEquals(1, config.maxInFlightPerWorker());
        assertEquals(AffinityMode.PREFER, config.affinity());
        assertEquals(0, config.maxCallsPerWorker());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        PoolConfig config = PoolConfig.builder().size(3).maxInFlightPerWorker(4).maxQueued(7).affinity(AffinityMode.STRICT)
                .preferWait(Duration.ZERO).sessionIdleExpiry(Duration.ofSeconds(9)).maxSessions(11).maxCallsPerWorker(13)
                .maxWorkerAge(Duration.ofMinutes(2)).maxWorkerRssBytes(1 << 30).healthCheckInterval(Duration.ofSeconds(3))
                .cancelGrace(Duration.ofMillis(100)).placements(WorkerPlacement.of(LauncherChoice.local(), 3)).build();
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void badSettingsAreNamed() {
        assertEquals("size must be between 1 and 1024: 0",
                assertThrows(IllegalArgumentException.class, () -> PoolConfig.builder().size(0).build()).getMessage());
        assertEquals("maxCallsPerWorker is negative: -1 (0 means never)",
                assertThrows(IllegalArgumentException.class, () -> PoolConfig.builder().maxCallsPerWorker(-1).build()).getMessage());
        assertEquals("preferWait is negative: PT-1S",
                assertThrows(IllegalArgumentException.class, () -> PoolConfig.builder().preferWait(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("cancelGrace must be positive: PT0S",
                assertThrows(IllegalArgumentException.class, () -> PoolConfig.builder().cancelGrace(Duration.ZERO).build()).getMessage());
    }

    @Test
    void placementsSetTheSizeAndMustAddUpToIt() {
        PoolConfig mixed = PoolConfig.builder().placements(WorkerPlacement.of(LauncherChoice.local(), 2),
                WorkerPlacement.of(LauncherChoice.of("ssh", Map.of("hosts", "gpu1")), 4)).build();
        assertEquals(6, mixed.size());
        assertEquals("the placements start 6 workers but size is 5: make the placements' workers add up to the pool's size",
                assertThrows(IllegalArgumentException.class, () -> mixed.toBuilder().size(5).build()).getMessage());
        assertEquals("a placement starts at least one worker: 0 for launcher ssh",
                assertThrows(IllegalArgumentException.class, () -> WorkerPlacement.of(LauncherChoice.of("ssh", Map.of()), 0)).getMessage());
        assertEquals(List.of(), PoolConfig.builder().build().placements());
    }

    @Test
    void theStartMethodFollowsFromPreloadUnlessGiven() {
        assertEquals(StartMethod.SPAWN, PoolConfig.builder().build().startMethod());
        assertEquals(StartMethod.FORK, PoolConfig.builder().preload("json").build().startMethod());
        assertEquals(StartMethod.SPAWN, PoolConfig.builder().preload("json").startMethod(StartMethod.SPAWN).build().startMethod());
        assertEquals(java.util.List.of("numpy", "scipy.stats"), PoolConfig.builder().preload("numpy", "scipy.stats").build().preload());
        PoolConfig forked = PoolConfig.builder().preload("json").build();
        assertEquals(forked, forked.toBuilder().build());
    }

    @Test
    void preloadModulesMustBeDottedNames() {
        for (String bad : new String[] {"", "numpy scipy", "scipy..stats", ".json", "json.", "1abc", "os;print(1)", "a-b"}) {
            String message = assertThrows(IllegalArgumentException.class, () -> PoolConfig.builder().preload(bad).build(), bad).getMessage();
            assertEquals("preload module '" + bad + "' is not a dotted module name such as 'numpy' or 'scipy.stats': "
                    + "give the name that follows 'import' in Python", message);
        }
        assertThrows(NullPointerException.class, () -> PoolConfig.builder().preload((String) null).build());
        PoolConfig.builder().preload("_private", "xml.dom.minidom", "caf\u00e9").build();
    }

    @Test
    void theFormerConstructorMeansSpawnWithoutPreload() {
        PoolConfig config = PoolConfig.builder().build();
        PoolConfig former = new PoolConfig(config.bridge(), config.size(), config.maxInFlightPerWorker(), config.maxQueued(), config.affinity(),
                config.preferWait(), config.sessionIdleExpiry(), config.maxSessions(), config.maxCallsPerWorker(), config.maxWorkerAge(),
                config.maxWorkerRssBytes(), config.healthCheckInterval(), config.cancelGrace());
        assertEquals(config, former);
    }

    @Test
    void forkingIsRefusedWhereItCannotWork() {
        dev.pybridge.core.launch.LocalProcessLauncher local = new dev.pybridge.core.launch.LocalProcessLauncher();
        assertEquals(java.util.Optional.empty(), ForkServerLauncher.ForkSupport.reasonNotToFork("Linux", local));
        assertEquals(java.util.Optional.empty(), ForkServerLauncher.ForkSupport.reasonNotToFork("Linux",
                dev.pybridge.core.internal.engine.OwnedLauncher.of(dev.pybridge.api.config.LauncherChoice.local())),
                "the local launcher a pool makes from its configuration forks too");
        assertEquals(java.util.Optional.empty(), ForkServerLauncher.ForkSupport.reasonNotToFork("Mac OS X", local));
        assertTrue(ForkServerLauncher.ForkSupport.reasonNotToFork("Windows 11", local).orElseThrow().contains("Windows 11"));
        dev.pybridge.core.launch.WorkerLauncher remote = spec -> { throw new AssertionError("not launched"); };
        assertTrue(ForkServerLauncher.ForkSupport.reasonNotToFork("Linux", remote).orElseThrow().contains("not the local one"));
    }
}
