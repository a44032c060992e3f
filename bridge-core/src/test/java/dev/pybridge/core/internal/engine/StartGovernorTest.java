package dev.pybridge.core.internal.engine;

import dev.pybridge.api.config.RestartPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartGovernorTest {

    private static final long MS = 1_000_000L;

    private final RestartPolicy policy = new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(300), 2, Duration.ofSeconds(10))
            .withStableAfter(Duration.ofSeconds(5)).withProbeInterval(Duration.ofSeconds(1));
    private final StartGovernor governor = new StartGovernor(policy);

    @Test
    void theBackoffDoublesWithEachFailureInTheWindowUpToItsLimit() {
        assertEquals(0, governor.delayNanos(0));
        governor.failed(0);
        assertEquals(100 * MS, governor.delayNanos(0));
        assertEquals(40 * MS, governor.delayNanos(60 * MS), "the wait counts from the failure");
        governor.failed(200 * MS);
        assertEquals(200 * MS, governor.delayNanos(200 * MS));
        assertFalse(governor.isOpen());
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        governor.failed(0);
        governor.failed(MS);
        assertEquals(2, governor.recentFailures(MS));
        assertEquals(1, governor.recentFailures(10_000 * MS + MS / 2));
        assertEquals(0, governor.delayNanos(20_000 * MS));
    }

    @Test
    void theCircuitOpensPastMaxRestartsAndLetsOneProbeThroughPerInterval() {
        assertFalse(governor.failed(0));
        assertFalse(governor.failed(MS));
        assertTrue(governor.failed(2 * MS), "the third failure is past maxRestarts (2)");
        assertTrue(governor.isOpen());
        assertEquals(1000 * MS, governor.delayNanos(2 * MS));
        assertFalse(governor.tryProbe(500 * MS));
        assertTrue(governor.tryProbe(1002 * MS));
        assertFalse(governor.tryProbe(1003 * MS), "one probe per interval");
        assertFalse(governor.failed(1100 * MS), "a failed probe keeps it open");
        assertEquals(1000 * MS, governor.delayNanos(1100 * MS));
        assertTrue(governor.started(), "a worker that becomes ready closes it");
        assertFalse(governor.isOpen());
        assertEquals(0, governor.recentFailures(1100 * MS), "and clears the count");
    }

    @Test
    void aDeathCountsWhenTheWorkerLivedLessThanStableAfter() {
        assertTrue(governor.isEarlyDeath(4999 * MS));
        assertFalse(governor.isEarlyDeath(5000 * MS));
    }
}
