package dev.pybridge.core.launch.ssh;

import dev.pybridge.core.launch.WorkerProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A worker on another host, as the local {@code ssh} process that carries its streams: the worker lives as long
 * as its link, and the link as long as this ssh. ssh's exit code is the worker's, or 255 when the link failed or
 * the worker was killed by a signal; either way the bridge sees a crashed worker.
 */
final class SshWorkerProcess implements WorkerProcess {

    private final Process ssh;
    private final SshHost host;
    private final String workerId;
    private final String runId;
    private final SshLauncher launcher;
    private final CompletableFuture<Integer> exit;
    private final AtomicBoolean remoteKillSent = new AtomicBoolean();
    private volatile long announced = -1;

    SshWorkerProcess(Process ssh, SshHost host, String workerId, String runId, SshLauncher launcher) {
        this.ssh = requireNonNull(ssh, "ssh is null");
        this.host = requireNonNull(host, "host is null");
        this.workerId = requireNonNull(workerId, "workerId is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.exit = ssh.onExit().thenApply(Process::exitValue);
    }

    /** -1: the worker's pid names a process of another host; its ready frame tells it. */
    @Override
    public long pid() {
        return -1;
    }

    @Override
    public String host() {
        return host.name();
    }

    @Override
    public OutputStream stdin() {
        return ssh.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return ssh.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return ssh.getErrorStream();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return ssh.isAlive();
    }

    @Override
    public void announced(long pid) {
        announced = pid;
        launcher.linkWorked(host);
    }

    /** Ends ssh, which drops the link: the worker reads the end of its stdin, and sshd's session ends. */
    @Override
    public void terminate() {
        ssh.toHandle().destroy();
    }

    /**
     * Drops the link at once, and while it was up, also kills the worker's process group on its host through
     * a second connection: a worker busy in native code notices neither the end of its stdin nor its session's.
     * Once the link is down there is nothing to reach (the worker ends when its session does), so a second
     * call, made after the worker ended, does nothing.
     */
    @Override
    public void kill() {
        boolean linkUp = ssh.isAlive();
        ssh.toHandle().destroyForcibly();
        long pid = announced;
        if (linkUp && pid > 1 && remoteKillSent.compareAndSet(false, true)) {
            launcher.killRemote(host, pid, runId, workerId);
        }
    }
}
