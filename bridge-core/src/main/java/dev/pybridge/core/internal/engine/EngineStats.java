package dev.pybridge.core.internal.engine;

import dev.pybridge.api.error.ErrorCategory;

import java.util.Map;

/**
 * An engine's counters, taken at one moment.
 *
 * @param workers workers in each state
 * @param queued callers waiting for a worker
 * @param calls calls finished (with a result or an error)
 * @param errors failed calls by category
 * @param p50Micros median latency of recent calls, from submission to completion
 * @param p99Micros 99th percentile latency of recent calls
 * @param workersStarted workers that became ready
 * @param startFailures worker starts that failed
 * @param crashes workers that died without being asked to
 * @param timeouts workers replaced because a call on them passed its deadline
 * @param retired workers replaced because they failed a check
 * @param recycled workers stopped by the recycling limits
 * @param sessions sessions remembered
 * @param circuitOpen whether starts are suspended because workers keep failing
 */
public record EngineStats(Map<SlotState, Integer> workers, int queued, long calls, Map<ErrorCategory, Long> errors, long p50Micros,
        long p99Micros, long workersStarted, long startFailures, long crashes, long timeouts, long retired, long recycled, long sessions,
        boolean circuitOpen) {

    public EngineStats {
        workers = Map.copyOf(workers);
        errors = Map.copyOf(errors);
    }
}
