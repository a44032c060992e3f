package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.core.internal.engine.Slot;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Each worker's resident memory once it has started and run every all-workers call, before it
 * served anything: what every worker of the pool starts with. A worker over the memory limit
 * whose baseline is over it too cannot be helped by recycling. Measured only where the pool has a
 * memory limit.
 */
final class MemoryBaselines {

    private static final Call STATS = Call.of("stats");

    private final long limitBytes;
    private final Duration timeout;
    // Weak: a slot is forgotten with its worker.
    private final Map<Slot, Long> baselines = Collections.synchronizedMap(new WeakHashMap<>());

    MemoryBaselines(long limitBytes, Duration timeout) {
        this.limitBytes = limitBytes;
        this.timeout = timeout;
    }

    /** Measures {@code slot}'s worker; never fails: a worker that cannot tell has no baseline. */
    CompletableFuture<Void> measure(Slot slot) {
        if (limitBytes <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return slot.ask(STATS, timeout).handle((stats, failure) -> {
            if (stats instanceof Map<?, ?> values && values.get("rss_bytes") instanceof Long rss) {
                baselines.put(slot, rss);
            }
            return null;
        });
    }

    OptionalLong of(Slot slot) {
        Long rss = baselines.get(slot);
        return rss == null ? OptionalLong.empty() : OptionalLong.of(rss);
    }
}
