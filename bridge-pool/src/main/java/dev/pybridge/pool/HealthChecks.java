package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.internal.engine.Engine;
import dev.pybridge.core.internal.engine.Slot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * Every interval: recycles workers past their age, and asks each idle worker for its
 * {@code stats}, which proves it answers and tells its resident memory. A worker that fails the
 * check is replaced; one over the memory limit is recycled. Runs on the engine's timer: it sends,
 * and never waits.
 */
final class HealthChecks implements Runnable {

    private static final Duration MAX_CHECK_TIME = Duration.ofSeconds(5);

    private final PoolConfig config;
    private final Engine engine;

    HealthChecks(PoolConfig config, Engine engine) {
        this.config = requireNonNull(config, "config is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    @Override
    public void run() {
        long now = engine.nanoTime();
        for (Slot slot : engine.servingSlots()) {
            config.maxWorkerAge().ifPresent(age -> {
                if (now - slot.readyNanos() > age.toNanos()) {
                    engine.recycle(slot, "older than " + age);
                }
            });
            Duration timeout = config.healthCheckInterval().compareTo(MAX_CHECK_TIME) < 0 ? config.healthCheckInterval() : MAX_CHECK_TIME;
            engine.askIfIdle(slot, Call.of("stats"), timeout).ifPresent(answer -> answer.whenComplete((stats, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause == null) {
                    checkMemory(slot, stats);
                }
                else if (!(cause instanceof BridgeTimeoutException || cause instanceof WorkerCrashedException)) {
                    // A timeout or a death is already handled by the engine.
                    engine.retire(slot, "failed its health check: " + cause.getMessage());
                }
            }));
        }
    }

    private void checkMemory(Slot slot, Object stats) {
        if (config.maxWorkerRssBytes() > 0 && stats instanceof Map<?, ?> values && values.get("rss_bytes") instanceof Long rss
                && rss > config.maxWorkerRssBytes()) {
            engine.recycle(slot, "resident memory " + rss / (1024 * 1024) + " MiB is over the limit of "
                    + config.maxWorkerRssBytes() / (1024 * 1024) + " MiB");
        }
    }
}
