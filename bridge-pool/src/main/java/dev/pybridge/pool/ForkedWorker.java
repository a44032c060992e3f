package dev.pybridge.pool;

import dev.pybridge.core.launch.WorkerProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * A worker forked by a {@link ForkServer}: its frames and its stderr come over the two connections
 * it made, its exit from the server, which reaped it (or, when the server died first, from the
 * server's end, which kills its children).
 */
final class ForkedWorker implements WorkerProcess {

    private final long pid;
    private final ForkServer server;
    private final CompletableFuture<Integer> exit;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final InputStream stderr;

    ForkedWorker(long pid, ForkServer server, CompletableFuture<Integer> exit, SocketChannel frames, SocketChannel stderr) {
        this.pid = pid;
        this.server = requireNonNull(server, "server is null");
        this.exit = requireNonNull(exit, "exit is null");
        this.stdout = SocketStreams.input(frames);
        this.stdin = SocketStreams.output(frames);
        this.stderr = SocketStreams.input(stderr);
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void terminate() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    /**
     * Kills the worker and what it started: its descendants from here, and its whole process group
     * through the server (the JDK cannot signal a group). Once the server reaped the worker its
     * pid may be reused, so only the group is signalled then: no process gets the id of a group
     * that still has members.
     */
    @Override
    public void kill() {
        if (isAlive()) {
            ProcessHandle.of(pid).ifPresent(worker -> {
                worker.descendants().forEach(ProcessHandle::destroyForcibly);
                worker.destroyForcibly();
            });
        }
        server.killGroup(pid);
    }
}
