package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.internal.engine.Engine;
import dev.pybridge.core.internal.engine.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Every interval: recycles workers past their age, and asks each worker for its {@code stats},
 * which tells its resident memory. An idle worker is asked with a deadline, which also proves it
 * answers: one that fails the check is replaced. A busy one is asked behind the calls it runs, so
 * that memory is checked under steady load too, when no worker is ever idle; at most one such
 * question waits per worker. A worker over the memory limit is recycled, unless its
 * {@link MemoryBaselines baseline} was over the limit too: what every worker starts with is too
 * large, recycling cannot help, and that is reported once instead. Runs on the engine's timer: it
 * sends, and never waits.
 */
final class HealthChecks implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    private static final Duration MAX_CHECK_TIME = Duration.ofSeconds(5);
    private static final Call STATS = Call.of("stats");

    private final String name;
    private final PoolConfig config;
    private final Engine engine;
    private final PoolEvents events;
    private final MemoryBaselines baselines;
    private final Set<Slot> askedBehindCalls = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean unreachableReported = new AtomicBoolean();

    HealthChecks(String name, PoolConfig config, Engine engine, PoolEvents events, MemoryBaselines baselines) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.events = requireNonNull(events, "events is null");
        this.baselines = requireNonNull(baselines, "baselines is null");
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
            engine.askIfIdle(slot, STATS, timeout).ifPresentOrElse(
                    answer -> answer.whenComplete((stats, failure) -> checked(slot, stats, failure)),
                    () -> askBehindCalls(slot));
        }
    }

    private void checked(Slot slot, Object stats, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            checkMemory(slot, stats);
        }
        else if (!(cause instanceof BridgeTimeoutException || cause instanceof WorkerCrashedException)) {
            // A timeout or a death is already handled by the engine.
            engine.retire(slot, "failed its health check: " + cause.getMessage());
        }
    }

    // Only memory is checked so: a worker busy with a long call is not failing.
    private void askBehindCalls(Slot slot) {
        if (config.maxWorkerRssBytes() <= 0 || !askedBehindCalls.add(slot)) {
            return;
        }
        CompletableFuture<Object> answer = slot.ask(STATS, BridgeConfig.MAX_DURATION);
        answer.whenComplete((stats, failure) -> {
            askedBehindCalls.remove(slot);
            if (failure == null) {
                checkMemory(slot, stats);
            }
        });
    }

    private void checkMemory(Slot slot, Object stats) {
        long limit = config.maxWorkerRssBytes();
        if (limit <= 0 || !(stats instanceof Map<?, ?> values) || !(values.get("rss_bytes") instanceof Long rss) || rss <= limit) {
            return;
        }
        long baseline = baselines.of(slot).orElse(0);
        if (baseline > limit) {
            if (unreachableReported.compareAndSet(false, true)) {
                LOG.warn("{}: worker {} used {} MiB before it served any call, over maxWorkerRssBytes ({} MiB): what every worker "
                        + "starts with (its imports, the calls run on all workers) is too large, so recycling cannot help, and "
                        + "workers that start over the limit are not recycled for it; raise the limit", name, slot.id(),
                        mebibytes(baseline), mebibytes(limit));
                events.publish(new PoolEvent.MemoryLimitUnreachable(slot.id(), baseline, limit));
            }
            return;
        }
        engine.recycle(slot, "resident memory " + mebibytes(rss) + " MiB is over the limit of " + mebibytes(limit) + " MiB");
    }

    private static long mebibytes(long bytes) {
        return bytes / (1024 * 1024);
    }
}
