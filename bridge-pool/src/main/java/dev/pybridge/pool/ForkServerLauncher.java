package dev.pybridge.pool;

import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.internal.engine.OwnedLauncher;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * How a pool launches its workers: with {@link StartMethod#FORK}, forked by the pool's one
 * {@link ForkServer} (started at the first launch, and again at the next launch after it died, so
 * that the pool's restart policy governs its restarts as it governs workers'); with
 * {@link StartMethod#SPAWN}, or where forking is not available, by the configured launcher, each
 * worker importing the preload modules itself.
 */
final class ForkServerLauncher implements WorkerLauncher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForkServerLauncher.class);

    private final String name;
    private final WorkerLauncher delegate;
    private final List<String> preload;
    private final Object lock = new Object();
    // Guarded by lock.
    private Optional<String> spawnReason;
    private WorkerSockets sockets;
    private ForkServer server;
    private boolean closed;

    private ForkServerLauncher(String name, WorkerLauncher delegate, List<String> preload, Optional<String> spawnReason) {
        this.name = name;
        this.delegate = delegate;
        this.preload = preload;
        this.spawnReason = spawnReason;
    }

    /** The launcher of pool {@code name}: {@code configured} itself, unless preload modules or forking are configured. */
    static ForkServerLauncher over(WorkerLauncher configured, PoolConfig config, String name) {
        requireNonNull(configured, "configured is null");
        if (config.startMethod() == StartMethod.SPAWN) {
            return new ForkServerLauncher(name, configured, config.preload(), Optional.of(""));
        }
        Optional<String> unsupported = ForkSupport.reasonNotToFork(System.getProperty("os.name", ""), configured);
        unsupported.ifPresent(reason -> LOG.warn("pool {} spawns its workers instead of forking them: {}", name, reason));
        return new ForkServerLauncher(name, configured, config.preload(), unsupported);
    }

    /** Why this launcher spawns, when it does although forking was configured; empty while it forks. */
    Optional<String> spawnReason() {
        synchronized (lock) {
            return spawnReason.filter(reason -> !reason.isEmpty());
        }
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        Optional<ForkServer> forking = serverFor(spec);
        if (forking.isEmpty()) {
            return delegate.launch(withPreload(spec));
        }
        ForkServer forkServer = forking.get();
        WorkerSockets.Expected connections = sockets.expect();
        try {
            ForkServer.Child child = forkServer.fork(spec.workerId(), connections.secret(), spec.workerArguments(), spec.startupTimeout());
            SocketChannel frames = connected(connections.frames(), child, spec);
            SocketChannel stderr = connected(connections.stderr(), child, spec);
            sockets.arrived(connections);
            return new ForkedWorker(child.pid(), forkServer, child.exit(), frames, stderr);
        }
        catch (RuntimeException e) {
            sockets.forget(connections);
            throw e;
        }
    }

    private static SocketChannel connected(CompletableFuture<SocketChannel> connection, ForkServer.Child child, LaunchSpec spec) {
        try {
            CompletableFuture.anyOf(connection, child.exit()).get(spec.startupTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (connection.isDone()) {
                return connection.join();
            }
            throw new WorkerStartupException("forked worker " + spec.workerId() + " (pid " + child.pid() + ") exited with "
                    + child.exit().join() + " before it connected; the fork server's log says why", spec.workerId(), List.of(), null);
        }
        catch (InterruptedException e) {
            ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new WorkerStartupException("the start of worker " + spec.workerId() + " was interrupted", spec.workerId(), List.of(), e);
        }
        catch (ExecutionException | TimeoutException e) {
            ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
            throw new WorkerStartupException("forked worker " + spec.workerId() + " (pid " + child.pid() + ") did not connect within "
                    + spec.startupTimeout().toMillis() + " ms", spec.workerId(), List.of(), null);
        }
    }

    // The running server, started first if there is none or it died; empty while this launcher spawns.
    private Optional<ForkServer> serverFor(LaunchSpec spec) {
        synchronized (lock) {
            if (spawnReason.isPresent()) {
                return Optional.empty();
            }
            if (closed) {
                throw new WorkerStartupException("pool " + name + " is closed", spec.workerId(), List.of(), null);
            }
            if (server != null && server.isAlive()) {
                return Optional.of(server);
            }
            if (server != null) {
                LOG.warn("fork server of pool {} (pid {}) is gone; starting another", name, server.pid());
                server.close();
                server = null;
            }
            if (sockets == null) {
                sockets = WorkerSockets.open(name);
            }
            try {
                server = ForkServer.start(name + "-fork-server", delegate, spec, preload, sockets);
                return Optional.of(server);
            }
            catch (ForkServer.Unavailable e) {
                spawnReason = Optional.of(e.getMessage());
                LOG.warn("pool {} spawns its workers instead of forking them: {}", name, e.getMessage());
                return Optional.empty();
            }
        }
    }

    private LaunchSpec withPreload(LaunchSpec spec) {
        if (preload.isEmpty()) {
            return spec;
        }
        List<String> arguments = new ArrayList<>(spec.workerArguments());
        preload.forEach(module -> arguments.addAll(List.of("--preload", module)));
        return new LaunchSpec(spec.workerId(), spec.python(), arguments, spec.startupTimeout(), spec.cacheDirectory());
    }

    /** Ends the fork server, if one runs, and stops listening. Called once the pool's workers are gone. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (server != null) {
                server.close();
                server = null;
            }
            if (sockets != null) {
                sockets.close();
            }
        }
        // A launcher the pool made from its configuration is the pool's to close; one given to it stays its caller's.
        if (delegate instanceof OwnedLauncher owned) {
            owned.close();
        }
    }

    @Override
    public void sweepOrphans() {
        delegate.sweepOrphans();
    }

    @Override
    public List<String> hosts() {
        return delegate.hosts();
    }

    @Override
    public WorkerProcess launchOn(String host, LaunchSpec spec) {
        return forking() ? launch(spec) : delegate.launchOn(host, withPreload(spec));
    }

    private boolean forking() {
        synchronized (lock) {
            return spawnReason.isEmpty();
        }
    }

    /** Whether and why a pool cannot fork its workers here. */
    static final class ForkSupport {

        private ForkSupport() {}

        static Optional<String> reasonNotToFork(String osName, WorkerLauncher launcher) {
            String os = osName.toLowerCase(java.util.Locale.ROOT);
            if (!os.contains("linux") && !os.contains("mac")) {
                return Optional.of("fork is supported on Linux and macOS only, not on " + osName);
            }
            WorkerLauncher configured = launcher instanceof OwnedLauncher owned ? owned.launcher() : launcher;
            if (!(configured instanceof LocalProcessLauncher)) {
                return Optional.of("the workers' launcher " + configured.getClass().getName()
                        + " is not the local one, and forked workers run on this machine only");
            }
            return Optional.empty();
        }
    }
}
