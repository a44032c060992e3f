package dev.pybridge.testkit;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.jsr223.PythonScriptEngineFactory;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolEvent;
import dev.pybridge.pool.PoolStats;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.testkit.fake.FakeWorkerLauncher;
import dev.pybridge.testkit.faults.PythonFaults;
import dev.pybridge.testkit.mock.MockAdapter;
import dev.pybridge.testkit.mock.MockBridge;

import javax.script.ScriptEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One isolated PyBridge for a test: a single bridge or a pool on the layer the test chose, with
 * its own processes, temp folder and names, and no static state. It is ready when built: its
 * workers have started. Closing it closes everything it built, deletes its folder, and fails
 * (an {@link AssertionError} naming each leak) if a process of its workers, or a thread of its
 * bridge, is left.
 *
 * <pre>{@code
 * try (PyBridgeFixture fixture = PyBridgeFixture.builder(Layer.BRIDGE_MOCK).poolSize(2).faults(Fault.crashOn("eval")).build()) {
 *     assertThrows(WorkerCrashedException.class, () -> fixture.bridge().eval("1"));
 *     fixture.awaitWorkerReplaced(Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class PyBridgeFixture implements AutoCloseable {

    private final Layer layer;
    private final int poolSize;
    private final Path folder;
    private final FixtureEvents events = new FixtureEvents();
    private final PythonBridge bridge;
    private Adapter adapter;
    private ScriptEngine scriptEngine;
    private boolean closed;

    private PyBridgeFixture(Builder builder) {
        this.layer = builder.layer;
        this.poolSize = builder.poolSize;
        this.folder = createFolder();
        try {
            this.bridge = start(builder);
        }
        catch (RuntimeException | Error e) {
            delete(folder);
            throw e;
        }
    }

    /** A builder of a fixture on {@code layer}: a single bridge, no faults. */
    public static Builder builder(Layer layer) {
        return new Builder(layer);
    }

    /** The layer its calls run on. */
    public Layer layer() {
        return layer;
    }

    /** Its bridge: a {@link SingleProcessBridge}, a {@link PooledBridge}, or on the mock layer a {@link MockBridge}. */
    public PythonBridge bridge() {
        requireOpen();
        return bridge;
    }

    /**
     * Its pool.
     *
     * @throws IllegalStateException if it runs a single bridge or the mock layer
     */
    public PooledBridge pool() {
        requireOpen();
        if (bridge instanceof PooledBridge pool) {
            return pool;
        }
        throw new IllegalStateException("this fixture runs " + describe() + ", not a pool: build it with poolSize(n)");
    }

    /**
     * Its single bridge.
     *
     * @throws IllegalStateException if it runs a pool or the mock layer
     */
    public SingleProcessBridge singleBridge() {
        requireOpen();
        if (bridge instanceof SingleProcessBridge single) {
            return single;
        }
        throw new IllegalStateException("this fixture runs " + describe() + ", not a single bridge: build it without poolSize");
    }

    /** An adapter over its bridge ({@link MockAdapter} on the mock layer), made on first use and closed with the fixture. */
    public synchronized Adapter adapter() {
        requireOpen();
        if (adapter == null) {
            adapter = layer == Layer.MOCK ? MockAdapter.create()
                    : PythonAdapter.builder(bridge).workers(Math.max(1, workers())).build();
        }
        return adapter;
    }

    /** A JSR-223 engine over its bridge, made on first use. */
    public synchronized ScriptEngine scriptEngine() {
        requireOpen();
        if (layer == Layer.MOCK) {
            throw new IllegalStateException("the mock layer runs no Python scripts: use Layer.BRIDGE_MOCK or Layer.PYTHON for a script engine");
        }
        if (scriptEngine == null) {
            scriptEngine = PythonScriptEngineFactory.over(bridge).getScriptEngine();
        }
        return scriptEngine;
    }

    /** Its own temp folder, deleted when it closes. */
    public Path folder() {
        return folder;
    }

    /** Every event its bridge reported so far, in order ({@code BridgeEvent}s or {@code PoolEvent}s). */
    public List<Object> events() {
        return events.snapshot();
    }

    /** Waits until a worker has started after the last one was lost (crashed, timed out, retired or recycled). */
    public void awaitWorkerReplaced(Duration timeout) {
        requireWorkers("a worker replaced");
        events.await("a worker replaced", timeout, all -> FixtureEvents.afterLastLoss(all).stream().anyMatch(FixtureEvents::isStart));
    }

    /** Waits until session {@code session} has moved to another worker. */
    public void awaitSessionMoved(String session, Duration timeout) {
        requireNonNull(session, "session is null");
        requireWorkers("a session moved");
        events.await("session " + session + " moved", timeout, all -> all.stream().anyMatch(event -> FixtureEvents.isSessionMoved(event, session)));
    }

    /** Waits until the bridge's circuit has opened. */
    public void awaitCircuitOpen(Duration timeout) {
        requireWorkers("the circuit open");
        events.await("the circuit open", timeout, all -> all.stream().anyMatch(FixtureEvents::isCircuitOpened));
    }

    /**
     * Closes the adapter, the script engine and the bridge, deletes the folder, then checks for
     * leaks. Idempotent.
     *
     * @throws AssertionError naming each process or thread left behind (they are then killed)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Set<Long> processes = LeakCheck.withDescendants(events.workerPids());
        List<String> leaks = new ArrayList<>();
        try {
            if (adapter != null) {
                adapter.close();
            }
            leaks.addAll(leasesAndSessions());
            bridge.close();
        }
        finally {
            delete(folder);
        }
        Set<Long> all = new LinkedHashSet<>(processes);
        all.addAll(events.workerPids());
        leaks.addAll(LeakCheck.leaks(all, engines()));
        if (!leaks.isEmpty()) {
            LeakCheck.kill(all);
            throw new AssertionError("the fixture left " + leaks.size() + " thing(s) behind:\n  " + String.join("\n  ", leaks));
        }
    }

    // What the test left holding the bridge: calls still running or waiting (a submitted call never awaited), sessions
    // never closed. The fixture's own adapter has closed its session by now.
    private List<String> leasesAndSessions() {
        List<String> leaks = new ArrayList<>();
        if (bridge instanceof SingleProcessBridge single && single.status().inFlight() > 0) {
            leaks.add(single.status().inFlight() + " call(s) still in flight on the worker: await every call a test submits");
        }
        if (bridge instanceof PooledBridge pool) {
            PoolStats stats = pool.stats();
            if (stats.queued() > 0) {
                leaks.add(stats.queued() + " call(s) still waiting for a worker: await every call a test submits");
            }
            if (stats.sessions() > 0) {
                leaks.add(stats.sessions() + " session(s) still open: close each with Call.of(\"session.close\").inSession(id)");
            }
        }
        return leaks;
    }

    @Override
    public String toString() {
        return "PyBridgeFixture[" + describe() + "]";
    }

    private PythonBridge start(Builder builder) {
        if (!builder.modules.isEmpty()) {
            return startFromModules(builder);
        }
        BridgeConfig config = builder.config;
        WorkerLauncher launcher;
        switch (layer) {
            case MOCK -> {
                if (!builder.faults.isEmpty()) {
                    throw new IllegalArgumentException("the mock layer has no workers to misbehave: give faults to Layer.BRIDGE_MOCK or Layer.PYTHON");
                }
                if (poolSize > 0) {
                    throw new IllegalArgumentException("the mock layer has no pool: use Layer.BRIDGE_MOCK or Layer.PYTHON for poolSize");
                }
                return MockBridge.create();
            }
            case BRIDGE_MOCK -> launcher = FakeWorkerLauncher.withFaults(builder.faults);
            default -> {
                config = PythonFaults.apply(config, builder.faults, folder.resolve("faults"));
                launcher = new LocalProcessLauncher();
            }
        }
        if (poolSize == 0) {
            return new SingleProcessBridge(config, launcher, Set.of(events::add));
        }
        PoolConfig pool = builder.pool.toBuilder().bridge(config).size(poolSize).build();
        return new PooledBridge(pool, launcher, Set.of(events::add));
    }

    private PythonBridge startFromModules(Builder builder) {
        if (layer == Layer.MOCK) {
            throw new IllegalArgumentException("the mock layer builds no bridge from Guice modules: use Layer.BRIDGE_MOCK or Layer.PYTHON");
        }
        if (poolSize > 0) {
            throw new IllegalArgumentException("with Guice modules the modules decide the pool: leave poolSize out and install PoolModule");
        }
        if (layer == Layer.PYTHON && !builder.faults.isEmpty()) {
            throw new IllegalArgumentException("faults on real Python go into the bridge's configuration, which Guice modules bind: "
                    + "build the fixture from a configuration, or use Layer.BRIDGE_MOCK");
        }
        Optional<WorkerLauncher> launcher = layer == Layer.BRIDGE_MOCK
                ? Optional.of(FakeWorkerLauncher.withFaults(builder.faults)) : Optional.empty();
        return GuiceBridges.start(builder.modules, events::add, launcher);
    }

    // The engines' names, as their threads carry them: "py3" of worker "py3-w1".
    private Set<String> engines() {
        Set<String> engines = new LinkedHashSet<>();
        for (Object event : events.snapshot()) {
            String worker = event instanceof BridgeEvent.WorkerStarted started ? started.worker()
                    : event instanceof PoolEvent.WorkerStarted started ? started.worker() : null;
            if (worker != null && worker.lastIndexOf("-w") > 0) {
                engines.add(worker.substring(0, worker.lastIndexOf("-w")));
            }
        }
        return engines;
    }

    // A pool's size, as built here or by a suite's Guice module.
    private int workers() {
        return bridge instanceof PooledBridge pool ? pool.stats().workers().values().stream().mapToInt(Integer::intValue).sum() : 1;
    }

    private String describe() {
        return switch (layer) {
            case MOCK -> "the mock layer";
            case BRIDGE_MOCK, PYTHON -> (bridge instanceof PooledBridge ? "a pool" : "a single bridge") + " on " + layer;
        };
    }

    private void requireWorkers(String what) {
        if (layer == Layer.MOCK) {
            throw new IllegalStateException("the mock layer has no workers, so there is no " + what
                    + " to wait for: use Layer.BRIDGE_MOCK or Layer.PYTHON");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this fixture is closed");
        }
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("pybridge-fixture-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the fixture's temp folder in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete the fixture's folder " + folder, e);
        }
    }

    /** Builds a {@link PyBridgeFixture}; checks its settings when built. */
    public static final class Builder {

        private final Layer layer;
        private int poolSize;
        private final List<Fault> faults = new ArrayList<>();
        private BridgeConfig config = BridgeConfig.builder().build();
        private final List<com.google.inject.Module> modules = new ArrayList<>();
        private PoolConfig pool = PoolConfig.builder().build();

        private Builder(Layer layer) {
            this.layer = requireNonNull(layer, "layer is null");
        }

        /** A pool of {@code size} workers instead of a single bridge. */
        public Builder poolSize(int size) {
            if (size < 1 || size > 64) {
                throw new IllegalArgumentException("poolSize must be between 1 and 64 (each worker is a process or a thread): " + size);
            }
            poolSize = size;
            return this;
        }

        /** Faults its workers are given (not on the mock layer). */
        public Builder faults(Fault... more) {
            faults.addAll(List.of(more));
            return this;
        }

        /** Faults its workers are given (not on the mock layer). */
        public Builder faults(List<? extends Fault> more) {
            faults.addAll(List.copyOf(more));
            return this;
        }

        /** The bridge's configuration; its workers are started at once whatever it says. */
        public Builder config(BridgeConfig value) {
            config = requireNonNull(value, "config is null");
            return this;
        }

        /** The interpreter, for the python layer. */
        public Builder python(PythonEnvironment value) {
            config = config.toBuilder().python(requireNonNull(value, "python is null")).build();
            return this;
        }

        /**
         * Takes the bridge from an injector of {@code guiceModules} ({@code SingleProcessModule} or
         * {@code PoolModule}, and the suite's own), with the fixture's listener added; on
         * {@link Layer#BRIDGE_MOCK} the fake workers replace the bound launcher. Needs Guice on the
         * test class path.
         */
        public Builder guice(com.google.inject.Module... guiceModules) {
            modules.addAll(List.of(guiceModules));
            return this;
        }

        /** The pool's other settings (its size and bridge come from this builder). */
        public Builder poolConfig(PoolConfig value) {
            pool = requireNonNull(value, "poolConfig is null");
            return this;
        }

        /** Builds the fixture and starts its workers. */
        public PyBridgeFixture build() {
            config = config.toBuilder().eagerStart(true).build();
            return new PyBridgeFixture(this);
        }
    }
}
