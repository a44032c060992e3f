package dev.pybridge.pool.internal;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.pool.PoolConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * Every interval: recycles workers past their age, and asks each idle worker for its
 * {@code stats}, which proves it answers and tells its resident memory. A worker that fails the
 * check is replaced; one over the memory limit is recycled.
 */
public final class HealthChecks implements Runnable {

    private static final Duration MAX_CHECK_TIME = Duration.ofSeconds(5);

    private final PoolConfig config;
    private final WorkerPool pool;

    public HealthChecks(PoolConfig config, WorkerPool pool) {
        this.config = requireNonNull(config, "config is null");
        this.pool = requireNonNull(pool, "pool is null");
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Slot slot : pool.servingSlots()) {
            config.maxWorkerAge().ifPresent(age -> {
                if (now - slot.readyNanos > age.toNanos()) {
                    pool.recycle(slot, "older than " + age);
                }
            });
            if (pool.tryLeaseIdle(slot)) {
                check(slot);
            }
        }
    }

    private void check(Slot slot) {
        Duration timeout = config.healthCheckInterval().compareTo(MAX_CHECK_TIME) < 0 ? config.healthCheckInterval() : MAX_CHECK_TIME;
        slot.worker().send(Call.of("stats"), Deadline.after(timeout)).whenComplete((stats, failure) -> {
            pool.returnLease(slot);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null) {
                checkMemory(slot, stats);
            }
            else if (!(cause instanceof BridgeTimeoutException || cause instanceof WorkerCrashedException)) {
                // A timeout or a death is already handled by the worker's own listener.
                pool.retire(slot, "failed its health check: " + cause.getMessage());
            }
        });
    }

    private void checkMemory(Slot slot, Object stats) {
        if (config.maxWorkerRssBytes() > 0 && stats instanceof Map<?, ?> values && values.get("rss_bytes") instanceof Long rss
                && rss > config.maxWorkerRssBytes()) {
            pool.recycle(slot, "resident memory " + rss / (1024 * 1024) + " MiB is over the limit of "
                    + config.maxWorkerRssBytes() / (1024 * 1024) + " MiB");
        }
    }
}
