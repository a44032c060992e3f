package dev.pybridge.core.internal.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyWindowTest {

    @Test
    void nothingRecordedReadsZero() {
        assertEquals(0, LatencyWindow.percentile(new LatencyWindow(10).recentMicros(), 99));
    }

    @Test
    void percentilesAreTheNearestRankInMicroseconds() {
        LatencyWindow window = new LatencyWindow(1000);
        for (int micros = 1; micros <= 100; micros++) {
            window.record(TimeUnit.MICROSECONDS.toNanos(micros));
        }
        assertEquals(50, LatencyWindow.percentile(window.recentMicros(), 50));
        assertEquals(99, LatencyWindow.percentile(window.recentMicros(), 99));
        assertEquals(100, LatencyWindow.percentile(window.recentMicros(), 100));
    }

    @Test
    void longCallsAreKeptToThreeSignificantDigits() {
        LatencyWindow window = new LatencyWindow(10);
        window.record(TimeUnit.SECONDS.toNanos(90));
        long micros = LatencyWindow.percentile(window.recentMicros(), 50);
        assertEquals(90_000_000, micros, 90_000, "within 0.1%: " + micros);
    }

    @Test
    void callsOlderThanTwoSpansNoLongerCount() {
        LatencyWindow window = new LatencyWindow(100);
        for (int i = 0; i < 100; i++) {
            window.record(TimeUnit.SECONDS.toNanos(1));
        }
        for (int i = 0; i < 100; i++) {
            window.record(TimeUnit.MICROSECONDS.toNanos(10));
        }
        assertEquals(200, window.recentMicros().getTotalCount(), "the last two spans count");
        assertEquals(1_000_000, LatencyWindow.percentile(window.recentMicros(), 99), 1000);

        window.record(TimeUnit.MICROSECONDS.toNanos(10));
        assertEquals(101, window.recentMicros().getTotalCount(), "the oldest span was dropped whole");
        assertEquals(10, LatencyWindow.percentile(window.recentMicros(), 99), "the slow calls of two spans ago are gone");
    }

    @Test
    void aSpanMustBePositive() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new LatencyWindow(0));
        assertEquals("span must be positive: 0", error.getMessage());
    }
}
