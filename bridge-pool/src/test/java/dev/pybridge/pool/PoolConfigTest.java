package dev.pybridge.pool;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
                .cancelGrace(Duration.ofMillis(100)).build();
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
}
