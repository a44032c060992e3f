package dev.pybridge.cli.measure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatenciesTest {

    @Test
    void percentilesUseTheNearestRank() {
        Latencies latencies = recorded(5_000, 1_000, 3_000, 2_000, 4_000);
        assertEquals(3, latencies.percentileMicros(50));
        assertEquals(5, latencies.percentileMicros(99));
        assertEquals(1, latencies.percentileMicros(1));
        assertEquals(5, latencies.count());
    }

    @Test
    void aPercentileIsAtMostOneThousandthAboveTheMeasuredValue() {
        // 29,000,499 ns is 29,000 µs when rounded; three significant digits may report up to 29,028 µs, never less.
        long reported = recorded(29_000_499).percentileMicros(50);
        assertTrue(reported >= 29_000 && reported <= 29_029, reported + " µs");
    }

    @Test
    void nothingRecordedReadsAsZero() {
        assertEquals(0, new Latencies().percentileMicros(99));
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Latencies().recordNanos(-1));
    }

    private static Latencies recorded(long... nanos) {
        Latencies latencies = new Latencies();
        for (long value : nanos) {
            latencies.recordNanos(value);
        }
        return latencies;
    }
}
