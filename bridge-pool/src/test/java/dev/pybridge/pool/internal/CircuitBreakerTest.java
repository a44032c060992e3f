package dev.pybridge.pool.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), Duration.ofSeconds(2));

    @Test
    void opensAtTheThresholdWithinTheWindow() {
        assertFalse(breaker.failed(0));
        assertFalse(breaker.failed(SECOND));
        assertTrue(breaker.failed(2 * SECOND), "the third failure opens it");
        assertTrue(breaker.isOpen());
        assertFalse(breaker.failed(3 * SECOND), "it opens once");
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        breaker.failed(0);
        breaker.failed(SECOND);
        assertFalse(breaker.failed(10 * SECOND + SECOND / 2), "the failure at 0 s is out of the window");
        assertEquals(2, breaker.recentFailures());
    }

    @Test
    void probesOncePerIntervalAndClosesOnSuccess() {
        breaker.failed(0);
        breaker.failed(0);
        breaker.failed(0);
        assertFalse(breaker.tryProbe(SECOND));
        assertEquals(SECOND, breaker.nanosUntilProbe(SECOND));
        assertTrue(breaker.tryProbe(2 * SECOND));
        assertFalse(breaker.tryProbe(3 * SECOND), "the next probe waits another interval");
        assertTrue(breaker.succeeded());
        assertFalse(breaker.isOpen());
        assertFalse(breaker.succeeded());
    }
}
