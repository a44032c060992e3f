package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.internal.engine.EarlyLaunches;
import dev.pybridge.core.internal.engine.Engine;
import dev.pybridge.core.internal.engine.EngineConfig;
import dev.pybridge.core.internal.engine.EngineStats;
import dev.pybridge.core.internal.engine.Slot;
import dev.pybridge.core.internal.engine.SlotState;
import dev.pybridge.core.internal.engine.OwnedLauncher;
import dev.pybridge.core.internal.engine.Slot;
import dev.pybridge.core.status.WorkerStatus;
import dev.pybridge.core.launch.WorkerLauncher;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PythonBridge} over a pool of supervised workers.
 *
 * <ul>
 *   <li>Workers start in parallel and get work only once ready. Each call has one deadline,
 *       spent across waiting for a worker and running; waiting callers queue in arrival order,
 *       up to {@link PoolConfig#maxQueued()}, and get a {@link dev.pybridge.api.error.PoolExhaustedException}
 *       when no worker frees up in time.</li>
 *   <li>A worker that dies, fails its health check or breaks the protocol is replaced while the
 *       others serve; only its calls in flight fail ({@link WorkerCrashedException}, within a
 *       second of its death), and an {@link CallOption#IDEMPOTENT} one is sent once more, to
 *       another worker. A call that passes its deadline fails with a {@link BridgeTimeoutException};
 *       its worker is asked to cancel, given {@link PoolConfig#cancelGrace()} once its other
 *       calls have finished, then killed and replaced.</li>
 *   <li>Sessions stick to their worker ({@link AffinityMode}). Their {@link CallOption#SESSION_STATE}
 *       calls are recorded, and replayed on another worker before the next call when the
 *       session has to move; {@link #session(String)} and {@link PoolEvent.SessionMoved} tell
 *       that it moved.</li>
 *   <li>{@link CallOption#ALL_WORKERS} calls run on every worker serving now (the future
 *       completes when all have run it, with the first one's result) and on every worker started
 *       later.</li>
 *   <li>Workers are recycled one at a time by call count, age or memory, the replacement
 *       ready before the old one stops taking calls. Workers that keep failing to start, or die
 *       soon after they start, are counted against the {@link dev.pybridge.api.config.RestartPolicy}:
 *       past it, calls that no worker can serve fail at once with a
 *       {@link dev.pybridge.api.error.CircuitOpenException} until a probe start succeeds.</li>
 *   <li>Closing drains: no new calls, calls in flight finish within the grace period, each worker
 *       is asked to exit, and killed if it does not.</li>
 * </ul>
 *
 * <p>The pool runs on the same engine as {@link dev.pybridge.core.SingleProcessBridge}, with
 * several workers and the pool's own policies.
 *
 * @since 0.1
 */
public final class PooledBridge implements PythonBridge {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final PoolConfig config;
    private final ForkServerLauncher launcher;
    private final Engine engine;

    /**
     * Builds a pool; with {@code config.bridge().eagerStart()} on, waits until every worker is
     * ready, retrying a start that fails like any replacement.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when starts keep failing until the circuit opens
     */
    @Inject
    public PooledBridge(PoolConfig config, WorkerLauncher launcher, Set<PoolListener> listeners) {
        this.config = requireNonNull(config, "config is null");
        requireNonNull(launcher, "launcher is null");
        requireNonNull(listeners, "listeners is null");
        String name = "pool" + POOLS.incrementAndGet();
        this.launcher = ForkServerLauncher.over(launcher, config, name);
        try {
            this.engine = startEngine(name, this.launcher, listeners);
        }
        catch (RuntimeException | Error e) {
            this.launcher.close();
            throw e;
        }
    }

    private Engine startEngine(String name, WorkerLauncher launcher, Set<PoolListener> listeners) {
        // The workers' interpreters start while the engine's classes load.
        EarlyLaunches early = config.bridge().eagerStart()
                ? EarlyLaunches.begin(config.bridge(), launcher, name, config.size()) : EarlyLaunches.none();
        PoolEvents events = new PoolEvents(listeners, config.maxCallsPerWorker());
        EngineConfig engineConfig = new EngineConfig(name, config.bridge(), config.size(), config.maxInFlightPerWorker(),
                config.maxQueued(), config.affinity() == AffinityMode.STRICT, config.preferWait(), config.cancelGrace());
        MemoryBaselines baselines = new MemoryBaselines(config.maxWorkerRssBytes(), config.bridge().startupTimeout());
        Engine engine = early.discardIfThrows(() -> new Engine(engineConfig, launcher, new PoolSessions(config, events::publish),
                events.engineListener(), baselines::measure, early));
        events.recycleWith(engine::recycle);
        engine.every(config.healthCheckInterval(), new HealthChecks(name, config, engine, events, baselines));
        if (config.bridge().eagerStart()) {
            engine.startAll();
        }
        return engine;
    }

    /**
     * A pool with no listeners whose workers the configured launchers start: the placements' when there are some, else
     * {@code config.bridge().launcher()} (this machine by default). The pool closes those launchers when it closes.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException also when a launcher is unknown or its properties are wrong
     */
    public static PooledBridge start(PoolConfig config) {
        return new PooledBridge(config, launcherOf(config), Set.of());
    }

    /** The launcher {@code config} names: its placements' or its bridge configuration's, owned by the pool it is given to. */
    static WorkerLauncher launcherOf(PoolConfig config) {
        return config.placements().isEmpty() ? OwnedLauncher.of(config.bridge().launcher()) : PlacingLauncher.of(config.placements());
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        return engine.submit(call);
    }

    @Override
    public Object call(Call call) {
        return engine.call(requireNonNull(call, "call is null"));
    }

    /** The pool's counters, taken at one moment. */
    public PoolStats stats() {
        EngineStats stats = engine.stats();
        Map<WorkerState, Integer> workers = new EnumMap<>(WorkerState.class);
        stats.workers().forEach((state, count) -> workers.put(stateOf(state), count));
        return new PoolStats(workers, stats.queued(), stats.calls(), stats.errors(), stats.p50Micros(), stats.p99Micros(),
                stats.workersStarted(), stats.startFailures(), stats.crashes() + stats.timeouts() + stats.retired(), stats.recycled(),
                stats.sessions(), stats.circuitOpen(), servingByHost());
    }

    private Map<String, Integer> servingByHost() {
        Map<String, Integer> byHost = new TreeMap<>();
        workers().forEach(worker -> byHost.merge(worker.host(), 1, Integer::sum));
        return byHost;
    }

    /** The workers serving calls now, each with its host, pid and counters. */
    public List<WorkerStatus> workers() {
        return engine.servingSlots().stream().map(Slot::status).toList();
    }

    /** What the pool knows of a session, if it remembers it. */
    public Optional<SessionInfo> session(String id) {
        return engine.session(id).map(session -> {
            Slot home = session.home();
            Optional<String> worker = home == null || !home.isAlive() ? Optional.empty() : Optional.of(home.id());
            return new SessionInfo(id, worker, session.log().moves(), session.log().calls().size());
        });
    }

    /**
     * Lets calls in flight finish within the shutdown grace, asks each worker to exit within what
     * is left of it, and kills the rest. Returns once no process of this pool runs. Idempotent;
     * never throws.
     */
    @Override
    public void close() {
        engine.close();
        launcher.close();
    }

    private static WorkerState stateOf(SlotState state) {
        return switch (state) {
            case STARTING -> WorkerState.STARTING;
            case READY -> WorkerState.READY;
            case DRAINING -> WorkerState.DRAINING;
        };
    }
}
