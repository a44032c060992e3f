package dev.pybridge.micrometer;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of a bridge's events since the binder was made, which the counters read: a registry
 * bound after the bridge started still sees the workers that started first.
 */
final class EventCounts {

    private final Map<Counted, LongAdder> counts = new EnumMap<>(Counted.class);
    private final LongAdder starts = new LongAdder();
    private final LongAdder startMillis = new LongAdder();

    EventCounts() {
        for (Counted counted : Counted.values()) {
            counts.put(counted, new LongAdder());
        }
    }

    void add(Counted counted) {
        counts.get(counted).increment();
    }

    double count(Counted counted) {
        return counts.get(counted).sum();
    }

    /** Workers replaced because they crashed, timed out or failed a health check. */
    double restarts() {
        return count(Counted.CRASHES) + count(Counted.TIMEOUTS) + count(Counted.RETIREMENTS);
    }

    void started(long millis) {
        starts.increment();
        startMillis.add(millis);
    }

    long starts() {
        return starts.sum();
    }

    /** The time the started workers took from launch to ready, in milliseconds. */
    double startMillis() {
        return startMillis.sum();
    }
}
