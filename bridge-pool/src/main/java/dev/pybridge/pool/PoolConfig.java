package dev.pybridge.pool;

import dev.pybridge.api.config.BridgeConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link PooledBridge} runs its workers. Immutable and checked when built; start from
 * {@link #builder()}.
 *
 * <pre>{@code
 * PoolConfig config = PoolConfig.builder()
 *         .bridge(BridgeConfig.builder().python(PythonEnvironment.detect()).build())
 *         .size(4)
 *         .affinity(AffinityMode.STRICT)
 *         .build();
 * }</pre>
 *
 * @param bridge how each worker starts and talks (interpreter, timeouts, frame size, threads per
 *     worker, shutdown grace); its {@code callTimeout} is every call's default deadline, spent
 *     across waiting for a worker and running; its {@code eagerStart} starts all workers when the
 *     pool is built; its {@link dev.pybridge.api.config.RestartPolicy} counts the failures of all
 *     the pool's workers together, and opens the pool's circuit
 * @param size how many workers serve at once
 * @param maxInFlightPerWorker how many calls one worker is given at once (1: exclusive, as a
 *     classic pool checks a worker out; more suits calls that wait on I/O, with
 *     {@code bridge.workerThreads} raised to match)
 * @param maxQueued how many callers may wait for a worker; one more is refused at once with a
 *     {@link dev.pybridge.api.error.PoolExhaustedException}
 * @param affinity where a session's calls go when its worker is busy
 * @param preferWait with {@link AffinityMode#PREFER}, how long a call waits for its session's
 *     worker before it moves the session to another one
 * @param sessionIdleExpiry a session not used for this long is forgotten (and closed in its worker)
 * @param maxSessions the most sessions remembered; the least recently used go first
 * @param maxCallsPerWorker recycle a worker after this many calls, or 0 for never
 * @param maxWorkerAge recycle a worker older than this, if set
 * @param maxWorkerRssBytes recycle a worker whose resident memory exceeds this, or 0 for never
 * @param healthCheckInterval how often idle workers are pinged (and their memory read)
 * @param cancelGrace after a call passes its deadline and the worker's other calls have finished,
 *     how long it may take to exit before it is killed and replaced
 * @param placements which launchers start the workers and how many each, when they are mixed; empty (the default)
 *     means every worker is started by {@code bridge.launcher()}. When given, their workers add up to {@code size}.
 * @param preload modules (dotted names) each worker has imported before it serves: with
 *     {@link StartMethod#FORK}, imported once by the pool's fork server, which every worker is
 *     forked from; with {@link StartMethod#SPAWN}, imported by each worker. They must start no
 *     thread and must not touch the GPU (see {@link StartMethod#FORK})
 * @param startMethod how workers start: {@link StartMethod#FORK} by default when there are
 *     preload modules, else {@link StartMethod#SPAWN}
 * @since 0.1
 */
public record PoolConfig(
        BridgeConfig bridge,
        int size,
        int maxInFlightPerWorker,
        int maxQueued,
        AffinityMode affinity,
        Duration preferWait,
        Duration sessionIdleExpiry,
        int maxSessions,
        long maxCallsPerWorker,
        Optional<Duration> maxWorkerAge,
        long maxWorkerRssBytes,
        Duration healthCheckInterval,
        Duration cancelGrace,
        List<WorkerPlacement> placements,
        List<String> preload,
        StartMethod startMethod) {

    public PoolConfig {
        requireNonNull(bridge, "bridge is null");
        requireRange("size", size, 1, 1024);
        requireRange("maxInFlightPerWorker", maxInFlightPerWorker, 1, 10_000);
        requireRange("maxQueued", maxQueued, 0, 10_000_000);
        requireNonNull(affinity, "affinity is null");
        requireNotNegative("preferWait", preferWait);
        requirePositive("sessionIdleExpiry", sessionIdleExpiry);
        requireRange("maxSessions", maxSessions, 1, Integer.MAX_VALUE);
        if (maxCallsPerWorker < 0) {
            throw new IllegalArgumentException("maxCallsPerWorker is negative: " + maxCallsPerWorker + " (0 means never)");
        }
        requireNonNull(maxWorkerAge, "maxWorkerAge is null");
        maxWorkerAge.ifPresent(age -> requirePositive("maxWorkerAge", age));
        if (maxWorkerRssBytes < 0) {
            throw new IllegalArgumentException("maxWorkerRssBytes is negative: " + maxWorkerRssBytes + " (0 means never)");
        }
        requirePositive("healthCheckInterval", healthCheckInterval);
        requirePositive("cancelGrace", cancelGrace);
        placements = List.copyOf(requireNonNull(placements, "placements is null"));
        int placed = placements.stream().mapToInt(WorkerPlacement::workers).sum();
        if (!placements.isEmpty() && placed != size) {
            throw new IllegalArgumentException("the placements start " + placed + " workers but size is " + size
                    + ": make the placements' workers add up to the pool's size");
        }
        preload = List.copyOf(requireNonNull(preload, "preload is null"));
        preload.forEach(PoolConfig::requireModuleName);
        requireNonNull(startMethod, "startMethod is null");
    }

    /** A configuration without preload modules, whose workers are spawned: the form of version 0.2. */
    public PoolConfig(BridgeConfig bridge, int size, int maxInFlightPerWorker, int maxQueued, AffinityMode affinity, Duration preferWait,
            Duration sessionIdleExpiry, int maxSessions, long maxCallsPerWorker, Optional<Duration> maxWorkerAge, long maxWorkerRssBytes,
            Duration healthCheckInterval, Duration cancelGrace) {
        this(bridge, size, maxInFlightPerWorker, maxQueued, affinity, preferWait, sessionIdleExpiry, maxSessions, maxCallsPerWorker,
                maxWorkerAge, maxWorkerRssBytes, healthCheckInterval, cancelGrace, List.of(), List.of(), StartMethod.SPAWN);
    }

    private static void requireModuleName(String module) {
        requireNonNull(module, "a preload module name is null");
        boolean dotted = !module.isEmpty() && Arrays.stream(module.split("\\.", -1)).allMatch(PoolConfig::isIdentifier);
        if (!dotted) {
            throw new IllegalArgumentException("preload module '" + module + "' is not a dotted module name such as 'numpy' or "
                    + "'scipy.stats': give the name that follows 'import' in Python");
        }
    }

    private static boolean isIdentifier(String part) {
        return !part.isEmpty() && (Character.isUnicodeIdentifierStart(part.charAt(0)) || part.charAt(0) == '_')
                && part.codePoints().allMatch(c -> Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        requireNonNull(value, () -> name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        requireRepresentable(name, value);
    }

    private static void requireNotNegative(String name, Duration value) {
        requireNonNull(value, () -> name + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        requireRepresentable(name, value);
    }

    private static void requireRepresentable(String name, Duration value) {
        if (value.compareTo(BridgeConfig.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + BridgeConfig.MAX_DURATION.toDays()
                    + " days (about 100 years), the longest span the bridge's clock can count: " + value);
        }
    }

    /**
     * Builds a {@link PoolConfig}. The defaults: {@link BridgeConfig#defaults()}, one worker per
     * available processor, one call per worker at a time, 1000 callers waiting at most,
     * {@link AffinityMode#PREFER} waiting 50 ms, sessions forgotten after 30 idle minutes and
     * at most 10,000 of them, no recycling, health checks every 30 s, a cancel grace of 1 s, no
     * preload modules, and the start method that follows from them.
     */
    public static final class Builder {
        private BridgeConfig bridge = BridgeConfig.defaults();
        private int size = Runtime.getRuntime().availableProcessors();
        private int maxInFlightPerWorker = 1;
        private int maxQueued = 1000;
        private AffinityMode affinity = AffinityMode.PREFER;
        private Duration preferWait = Duration.ofMillis(50);
        private Duration sessionIdleExpiry = Duration.ofMinutes(30);
        private int maxSessions = 10_000;
        private long maxCallsPerWorker;
        private Optional<Duration> maxWorkerAge = Optional.empty();
        private long maxWorkerRssBytes;
        private Duration healthCheckInterval = Duration.ofSeconds(30);
        private Duration cancelGrace = Duration.ofSeconds(1);
        private List<WorkerPlacement> placements = List.of();
        private List<String> preload = List.of();
        // Null: follows from preload.
        private StartMethod startMethod;

        private Builder() {}

        private Builder(PoolConfig config) {
            bridge = config.bridge;
            size = config.size;
            maxInFlightPerWorker = config.maxInFlightPerWorker;
            maxQueued = config.maxQueued;
            affinity = config.affinity;
            preferWait = config.preferWait;
            sessionIdleExpiry = config.sessionIdleExpiry;
            maxSessions = config.maxSessions;
            maxCallsPerWorker = config.maxCallsPerWorker;
            maxWorkerAge = config.maxWorkerAge;
            maxWorkerRssBytes = config.maxWorkerRssBytes;
            healthCheckInterval = config.healthCheckInterval;
            cancelGrace = config.cancelGrace;
            placements = config.placements;
            preload = config.preload;
            startMethod = config.startMethod;
        }

        public Builder bridge(BridgeConfig value) {
            bridge = value;
            return this;
        }

        public Builder size(int value) {
            size = value;
            return this;
        }

        public Builder maxInFlightPerWorker(int value) {
            maxInFlightPerWorker = value;
            return this;
        }

        public Builder maxQueued(int value) {
            maxQueued = value;
            return this;
        }

        public Builder affinity(AffinityMode value) {
            affinity = value;
            return this;
        }

        public Builder preferWait(Duration value) {
            preferWait = value;
            return this;
        }

        public Builder sessionIdleExpiry(Duration value) {
            sessionIdleExpiry = value;
            return this;
        }

        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Builder maxCallsPerWorker(long value) {
            maxCallsPerWorker = value;
            return this;
        }

        public Builder maxWorkerAge(Duration value) {
            maxWorkerAge = Optional.of(requireNonNull(value, "maxWorkerAge is null"));
            return this;
        }

        public Builder maxWorkerRssBytes(long value) {
            maxWorkerRssBytes = value;
            return this;
        }

        public Builder healthCheckInterval(Duration value) {
            healthCheckInterval = value;
            return this;
        }

        public Builder cancelGrace(Duration value) {
            cancelGrace = value;
            return this;
        }

        /**
         * Mixes launchers: each placement starts its number of the workers. Sets {@link #size(int)} to their sum too.
         * Empty: every worker is started by the bridge configuration's launcher.
         */
        public Builder placements(List<WorkerPlacement> value) {
            placements = requireNonNull(value, "placements is null");
            size = value.stream().mapToInt(WorkerPlacement::workers).sum();
            return this;
        }

        /** Shorthand for {@code placements(List.of(values))}. */
        public Builder placements(WorkerPlacement... values) {
            return placements(List.of(values));
        }

        /** Modules each worker has imported before it serves, such as {@code "numpy", "scipy.stats"}. */
        public Builder preload(String... modules) {
            return preload(Arrays.asList(modules));
        }

        /** As {@link #preload(String...)}. */
        public Builder preload(List<String> modules) {
            preload = List.copyOf(requireNonNull(modules, "modules is null"));
            return this;
        }

        /** How workers start, if not as follows from {@link #preload}: fork with preload modules, else spawn. */
        public Builder startMethod(StartMethod value) {
            startMethod = requireNonNull(value, "startMethod is null");
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public PoolConfig build() {
            StartMethod method = startMethod != null ? startMethod : preload.isEmpty() ? StartMethod.SPAWN : StartMethod.FORK;
            return new PoolConfig(bridge, size, maxInFlightPerWorker, maxQueued, affinity, preferWait, sessionIdleExpiry,
                    maxSessions, maxCallsPerWorker, maxWorkerAge, maxWorkerRssBytes, healthCheckInterval, cancelGrace, placements,
                    preload, method);
        }
    }
}
