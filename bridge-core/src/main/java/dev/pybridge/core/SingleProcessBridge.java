package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.CallOption;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.internal.engine.EarlyLaunches;
import dev.pybridge.core.internal.engine.Engine;
import dev.pybridge.core.internal.engine.EngineConfig;
import dev.pybridge.core.internal.engine.EngineEvents;
import dev.pybridge.core.internal.engine.EngineStats;
import dev.pybridge.core.internal.engine.Listeners;
import dev.pybridge.core.internal.engine.OwnedLauncher;
import dev.pybridge.core.internal.engine.SessionStore;
import dev.pybridge.core.internal.engine.Slot;
import dev.pybridge.core.internal.engine.SlotState;
import dev.pybridge.core.status.BridgeStatus;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PythonBridge} backed by one supervised worker process.
 *
 * <p>The worker starts when the bridge is built (or on the first call, with
 * {@link BridgeConfig#eagerStart()} off) and is replaced when it dies: calls in flight at that
 * moment fail with a {@link dev.pybridge.api.error.WorkerCrashedException} within a second of its
 * death (even while a process it forked holds its pipes open), later calls go to the new worker.
 * A call that passes its deadline fails with a {@link BridgeTimeoutException}, and the worker that
 * was running it is replaced once its other calls have finished. Workers that keep failing to
 * start, or die soon after they start, are started again only after a growing backoff, and past
 * the {@link dev.pybridge.api.config.RestartPolicy} calls fail at once with a
 * {@link dev.pybridge.api.error.CircuitOpenException}. What happens (a worker started, crashed or
 * timed out; a call completed) is told to the {@link BridgeListener}s it was built with, and
 * {@link #status()} counts it.
 *
 * <pre>{@code
 * try (SingleProcessBridge python = SingleProcessBridge.start(BridgeConfig.defaults())) {
 *     Object sum = python.eval("sum(range(10))");   // 45L
 * }
 * }</pre>
 *
 * <p>{@link CallOption}s are honoured: a session's {@link CallOption#SESSION_STATE} calls are
 * replayed on a new worker before the session's next call, {@link CallOption#ALL_WORKERS} calls
 * before a new worker serves anything, and an {@link CallOption#IDEMPOTENT} call in flight when
 * the worker dies is sent once more. An interrupted caller is released at once with a
 * {@link dev.pybridge.api.error.BridgeInterruptedException}, and no caller is held past its
 * deadline, not even by a request too large for the worker's pipe while it is busy.
 *
 * <p>This is the engine that runs the pool ({@code PooledBridge}), over one worker that takes
 * every call at once; calls queue in its pipe and run in order ({@link BridgeConfig#workerThreads()}
 * 1) or side by side. Futures from {@link #submit} complete on the thread that reads the reply:
 * chain heavy work with the {@code ...Async} methods of {@link CompletableFuture}.
 *
 * @since 0.1
 */
public final class SingleProcessBridge implements PythonBridge {

    private static final AtomicInteger BRIDGES = new AtomicInteger();

    private final Engine engine;

    /**
     * Builds a bridge with no listeners; see {@link #SingleProcessBridge(BridgeConfig, WorkerLauncher, Set)}.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when the worker fails to start
     */
    public SingleProcessBridge(BridgeConfig config, WorkerLauncher launcher) {
        this(config, launcher, Set.of());
    }

    /**
     * Builds a bridge whose events go to {@code listeners}; with {@link BridgeConfig#eagerStart()}
     * on, waits until its worker is ready (the listeners hear it start).
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be used
     * @throws dev.pybridge.api.error.WorkerStartupException when the worker fails to start
     */
    @Inject
    public SingleProcessBridge(BridgeConfig config, WorkerLauncher launcher, Set<BridgeListener> listeners) {
        requireNonNull(config, "config is null");
        requireNonNull(launcher, "launcher is null");
        requireNonNull(listeners, "listeners is null");
        String name = "py" + BRIDGES.incrementAndGet();
        try {
            this.engine = startEngine(name, config, launcher, listeners);
        }
        catch (RuntimeException | Error e) {
            // A launcher the bridge made from its configuration is the bridge's to close; the engine closes it only once built.
            if (launcher instanceof OwnedLauncher owned) {
                owned.close();
            }
            throw e;
        }
    }

    private static Engine startEngine(String name, BridgeConfig config, WorkerLauncher launcher, Set<BridgeListener> listeners) {
        // Python starts while the engine's classes load: most of a first start is the interpreter's own.
        EarlyLaunches early = config.eagerStart() ? EarlyLaunches.begin(config, launcher, name, 1) : EarlyLaunches.none();
        Listeners<BridgeListener, BridgeEvent> heard = new Listeners<>(listeners, BridgeListener::onEvent);
        Engine engine = early.discardIfThrows(() -> new Engine(EngineConfig.singleWorker(name, config), launcher,
                SessionStore.unbounded(), EngineEvents.to(heard), slot -> CompletableFuture.completedFuture(null), early));
        if (config.eagerStart()) {
            engine.startAll();
        }
        return engine;
    }

    /**
     * A bridge with no listeners whose worker the configured {@link BridgeConfig#launcher()} starts (on this machine by
     * default); the bridge closes that launcher when it closes. See {@link #SingleProcessBridge(BridgeConfig, WorkerLauncher)}.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException also when the launcher is unknown or its properties are wrong
     */
    public static SingleProcessBridge start(BridgeConfig config) {
        return new SingleProcessBridge(config, OwnedLauncher.of(config.launcher()));
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        return engine.submit(call);
    }

    @Override
    public Object call(Call call) {
        return engine.call(requireNonNull(call, "call is null"));
    }

    /** The worker's state and counters. */
    public BridgeStatus status() {
        EngineStats stats = engine.stats();
        // A serving worker has sent its ready frame, so it has a status.
        return new BridgeStatus(engine.servingSlots().stream().findFirst().map(Slot::status),
                stats.workersStarted(), stats.crashes(), stats.timeouts(), stats.circuitOpen(),
                stats.workers().getOrDefault(SlotState.STARTING, 0), stats.workers().getOrDefault(SlotState.DRAINING, 0), stats.queued());
    }

    /**
     * Lets calls in flight finish within {@link BridgeConfig#shutdownGrace()}, asks the worker to
     * exit within what is left of it, and kills it then. Returns once no process of this bridge
     * runs. Idempotent; never throws.
     */
    @Override
    public void close() {
        engine.close();
    }
}
