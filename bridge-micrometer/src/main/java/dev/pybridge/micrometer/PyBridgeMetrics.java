package dev.pybridge.micrometer;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolEvent;
import dev.pybridge.pool.PoolListener;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.pool.WorkerState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * Micrometer meters for one bridge, a pool or a single-process bridge, each tagged
 * {@code bridge=<name>}: a timer of calls by command and outcome, gauges of workers by state,
 * of callers queued and of the circuit, and counters of worker starts, crashes, timeouts,
 * retirements, restarts, recycles, circuit openings and session moves (the README lists them).
 *
 * <p>It hears the bridge's events as its listener and reads its gauges from the bridge's counters,
 * so it needs both: {@link #startPool} and {@link #startBridge} start a bridge wired to it; a
 * bridge built another way (its own launcher, other listeners) gets it among its listeners and
 * is then given to {@link #watch(PooledBridge)}. Bind it to any number of registries, before or
 * after the bridge starts: its counters count from the binder's making.
 *
 * <pre>{@code
 * PyBridgeMetrics metrics = PyBridgeMetrics.builder("orders").build();
 * try (PooledBridge pool = metrics.startPool(config)) {
 *     metrics.bindTo(registry);
 *     ...
 * }
 * }</pre>
 *
 * <p>One binder serves one bridge. Command names are the caller's strings, so the {@code command}
 * tag is bounded (see {@link Builder#maxCommands} and {@link Builder#commands}): commands past
 * the bound are tagged {@code other}.
 *
 * @since 0.1
 */
public final class PyBridgeMetrics implements MeterBinder, PoolListener, BridgeListener {

    private final String name;
    private final EventCounts counts = new EventCounts();
    private final EventRecorder events;
    private final AtomicReference<Supplier<Levels>> levels = new AtomicReference<>();

    private PyBridgeMetrics(String name, CommandTags commands) {
        this.name = name;
        this.events = new EventRecorder(counts, commands);
    }

    /** A builder for a binder whose meters are tagged {@code bridge=<name>}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Starts a pool whose workers run on this machine, with this binder as its listener and watching it.
     *
     * @throws IllegalStateException when this binder already watches a bridge (and then starts nothing)
     */
    public PooledBridge startPool(PoolConfig config) {
        requireNonNull(config, "config is null");
        requireUnwatched("a new pool");
        return watch(new PooledBridge(config, new LocalProcessLauncher(), Set.of(this)));
    }

    /**
     * Starts a single-process bridge on this machine, with this binder as its listener and watching it.
     *
     * @throws IllegalStateException when this binder already watches a bridge (and then starts nothing)
     */
    public SingleProcessBridge startBridge(BridgeConfig config) {
        requireNonNull(config, "config is null");
        requireUnwatched("a new bridge");
        return watch(new SingleProcessBridge(config, new LocalProcessLauncher(), Set.of(this)));
    }

    /**
     * Reads the gauges from {@code pool}, which should have this binder among its listeners.
     *
     * @throws IllegalStateException when this binder already watches a bridge
     */
    public PooledBridge watch(PooledBridge pool) {
        requireNonNull(pool, "pool is null");
        watch(pool, () -> Levels.of(pool.stats()));
        return pool;
    }

    /**
     * Reads the gauges from {@code bridge}, which should have this binder among its listeners.
     *
     * @throws IllegalStateException when this binder already watches a bridge
     */
    public SingleProcessBridge watch(SingleProcessBridge bridge) {
        requireNonNull(bridge, "bridge is null");
        watch(bridge, () -> Levels.of(bridge.status()));
        return bridge;
    }

    private void watch(Object bridge, Supplier<Levels> source) {
        if (!levels.compareAndSet(null, source)) {
            throw alreadyWatching(bridge);
        }
    }

    private void requireUnwatched(String bridge) {
        if (levels.get() != null) {
            throw alreadyWatching(bridge);
        }
    }

    private IllegalStateException alreadyWatching(Object bridge) {
        return new IllegalStateException("the metrics binder '" + name + "' already watches a bridge and cannot watch " + bridge
                + " too: make one binder per bridge, each with its own name");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        requireNonNull(registry, "registry is null");
        Tags tags = Tags.of(MeterNames.BRIDGE, name);
        for (WorkerState state : WorkerState.values()) {
            gauge(MeterNames.WORKERS, "Workers in each state", tags.and(MeterNames.STATE, state.name().toLowerCase(Locale.ROOT)),
                    now -> now.workers(state)).baseUnit("workers").register(registry);
        }
        gauge(MeterNames.QUEUED, "Callers waiting for a worker", tags, Levels::queued).register(registry);
        gauge(MeterNames.CIRCUIT_OPEN, "1 while calls are refused because workers keep failing, else 0", tags,
                now -> now.circuitOpen() ? 1 : 0).register(registry);
        FunctionTimer.builder(MeterNames.STARTS, counts, EventCounts::starts, EventCounts::startMillis, TimeUnit.MILLISECONDS)
                .description("Workers that became ready, with the time from launch to ready").tags(tags).register(registry);
        for (Counted counted : Counted.values()) {
            counter(counted.meter, counted.description, tags, each -> each.count(counted)).register(registry);
        }
        counter(MeterNames.RESTARTS, "Workers replaced because they crashed, timed out or failed a health check", tags,
                EventCounts::restarts).register(registry);
        events.timeCallsIn(new CallTimers(registry, tags));
    }

    private Gauge.Builder<PyBridgeMetrics> gauge(String meter, String description, Tags tags, ToDoubleFunction<Levels> reading) {
        return Gauge.builder(meter, this, metrics -> metrics.read(reading)).description(description).tags(tags);
    }

    private FunctionCounter.Builder<EventCounts> counter(String meter, String description, Tags tags, ToDoubleFunction<EventCounts> count) {
        return FunctionCounter.builder(meter, counts, count).description(description).tags(tags);
    }

    // NaN, Micrometer's "no value", until a bridge is watched.
    private double read(ToDoubleFunction<Levels> reading) {
        Supplier<Levels> source = levels.get();
        return source == null ? Double.NaN : reading.applyAsDouble(source.get());
    }

    @Override
    public void onEvent(PoolEvent event) {
        events.record(event);
    }

    @Override
    public void onEvent(BridgeEvent event) {
        events.record(event);
    }

    @Override
    public String toString() {
        return "PyBridgeMetrics[" + name + "]";
    }

    /**
     * Builds a {@link PyBridgeMetrics}. By default the first 32 commands seen keep their own
     * {@code command} tag; give either a different cap or an allow-list, not both.
     */
    public static final class Builder {

        static final int DEFAULT_MAX_COMMANDS = 32;
        private static final int MOST_COMMANDS = 10_000;

        private final String name;
        private Set<String> commands;
        private Integer maxCommands;

        private Builder(String name) {
            requireNonNull(name, "name is null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name is blank: give the bridge a name to tell its meters from another's");
            }
            this.name = name;
        }

        /**
         * Tags only these commands with their names, and every other {@code other}.
         *
         * @throws IllegalStateException when an allow-list or a cap was already given
         */
        public Builder commands(Collection<String> names) {
            requireNonNull(names, "names is null");
            requireUnset("commands(" + names + ")");
            if (names.isEmpty()) {
                throw new IllegalArgumentException("commands is empty: name the commands to tag, or leave it out to tag the first "
                        + DEFAULT_MAX_COMMANDS + " seen");
            }
            for (String command : names) {
                requireNonNull(command, "a command is null");
                if (command.isBlank() || command.equals(CommandTags.OTHER)) {
                    throw new IllegalArgumentException("commands holds '" + command + "', which cannot be a command's tag (blank, or the tag "
                            + "of the commands not listed)");
                }
            }
            commands = Set.copyOf(names);
            return this;
        }

        /**
         * Tags the first {@code max} commands seen with their names, and every later one {@code other}.
         *
         * @throws IllegalStateException when an allow-list or a cap was already given
         */
        public Builder maxCommands(int max) {
            requireUnset("maxCommands(" + max + ")");
            if (max < 1 || max > MOST_COMMANDS) {
                throw new IllegalArgumentException("maxCommands must be between 1 and " + MOST_COMMANDS + ": " + max);
            }
            maxCommands = max;
            return this;
        }

        public PyBridgeMetrics build() {
            CommandTags tags = commands != null ? CommandTags.allowing(commands)
                    : CommandTags.firstSeen(maxCommands != null ? maxCommands : DEFAULT_MAX_COMMANDS);
            return new PyBridgeMetrics(name, tags);
        }

        private void requireUnset(String setting) {
            if (commands != null || maxCommands != null) {
                String given = commands != null ? "commands(" + commands + ")" : "maxCommands(" + maxCommands + ")";
                throw new IllegalStateException(setting + " after " + given + ": the command tag takes an allow-list or a cap, "
                        + "given once; choose one");
            }
        }
    }
}
