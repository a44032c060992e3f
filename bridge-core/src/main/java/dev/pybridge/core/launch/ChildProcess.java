package dev.pybridge.core.launch;

import dev.pybridge.core.internal.OwnPipe;
import dev.pybridge.core.internal.ProcessGroups;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/** A {@link WorkerProcess} over a {@link Process} of this JVM, whose stdout is a pipe this JVM reads. */
final class ChildProcess implements WorkerProcess, OwnPipe {

    private final Process process;
    private final CompletableFuture<Integer> exit;
    private volatile long announced = -1;

    ChildProcess(Process process) {
        this.process = requireNonNull(process, "process is null");
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void announced(long pid) {
        announced = pid;
    }

    @Override
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Kills the worker and everything in the process group it leads, which is what its user code
     * started (PROTOCOL.md, "Start-up"), and its descendants while they are still known as such (a
     * wrapper script's interpreter). Also called after the worker died on its own, to end what it
     * left behind: its children are no longer its descendants then, but still in its group.
     * Through the process's handle: {@link Process#destroyForcibly()} would also close its streams,
     * losing the last stderr lines still in the pipe, which the crash's message quotes.
     */
    @Override
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        ProcessGroups.kill(process.pid());
        long worker = announced;
        if (worker > 1 && worker != process.pid()) {
            // Started by a wrapper script: the interpreter leads a group of its own.
            ProcessGroups.kill(worker);
        }
    }
}
