package dev.pybridge.core.launch;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/** A {@link WorkerProcess} over a {@link Process} of this JVM. */
final class ChildProcess implements WorkerProcess {

    private final Process process;
    private final CompletableFuture<Integer> exit;

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
    public void terminate() {
        process.destroy();
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }
}
