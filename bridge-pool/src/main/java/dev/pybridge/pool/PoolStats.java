package dev.pybridge.pool;

import dev.pybridge.api.error.ErrorCategory;

import java.util.Map;

/**
 * A snapshot of a pool's counters.
 *
 * @param workers workers in each state
 * @param queued callers waiting for a worker
 * @param calls calls completed (with a result or an error) since the pool started
 * @param errors failed calls by category
 * @param p50Micros median latency of recent calls, from submission to completion
 * @param p99Micros 99th percentile latency of recent calls
 * @param workersStarted workers that became ready since the pool started
 * @param workerStartFailures worker starts that failed
 * @param workersReplaced workers that died, timed out, or failed their health check, and were replaced
 * @param workersRecycled workers stopped by the recycling limits
 * @param sessions sessions remembered
 * @param circuitOpen whether starts are suspended because they keep failing
 * @param servingByHost workers serving calls, by the host they run on ({@code localhost} for this machine)
 * @since 0.1
 */
public record PoolStats(Map<WorkerState, Integer> workers, int queued, long calls, Map<ErrorCategory, Long> errors,
        long p50Micros, long p99Micros, long workersStarted, long workerStartFailures, long workersReplaced, long workersRecycled, long sessions,
        boolean circuitOpen, Map<String, Integer> servingByHost) {

    public PoolStats {
        workers = Map.copyOf(workers);
        servingByHost = Map.copyOf(servingByHost);
        errors = Map.copyOf(errors);
    }

    /** Workers in {@code state}. */
    public int workers(WorkerState state) {
        return workers.getOrDefault(state, 0);
    }
}
