package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.internal.RunId;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerBootstrap;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Starts workers on other hosts through OpenSSH: one {@code ssh -T} per worker, whose remote command is the
 * {@link WorkerBootstrap}'s and whose streams are the worker's. Hosts are chosen by free capacity.
 */
final class SshLauncher implements WorkerLauncher {

    // How long a launch waits for a place when every host is full: a worker being replaced gives its place back
    // when its ssh ends, a moment after the bridge killed it.
    private static final Duration FULL_GRACE = Duration.ofSeconds(5);
    private static final String RUN_ID = "--run-id";

    private final SshSettings settings;
    private final HostSlots slots;
    private final RemoteWorkers remote;

    SshLauncher(SshSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.slots = new HostSlots(settings.hosts());
        this.remote = new RemoteWorkers(settings);
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        requireNoEnvironment(spec);
        return launch(spec, slots.take(spec.workerId(), FULL_GRACE));
    }

    @Override
    public List<String> hosts() {
        return settings.hosts().stream().map(SshHost::name).toList();
    }

    @Override
    public WorkerProcess launchOn(String host, LaunchSpec spec) {
        requireNoEnvironment(spec);
        SshHost chosen = settings.hosts().stream().filter(candidate -> candidate.name().equals(host)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the ssh launcher has no host " + host + ": it has " + hosts()));
        return launch(spec, slots.takeOn(chosen, spec.workerId()));
    }

    private WorkerProcess launch(LaunchSpec spec, SshHost host) {
        WorkerBootstrap bootstrap = WorkerBootstrap.of(withRunHost(spec));
        Process ssh;
        try {
            ssh = new ProcessBuilder(SshCommand.of(settings, host, remoteCommand(spec, bootstrap))).start();
        }
        catch (IOException | RuntimeException e) {
            slots.release(host, false);
            throw new WorkerStartupException("cannot start worker " + spec.workerId() + " on " + host.name() + ": cannot run "
                    + settings.ssh() + ": " + e.getMessage(), spec.workerId(), List.of(), e);
        }
        SshWorkerProcess worker = new SshWorkerProcess(ssh, host, spec.workerId(), runId(spec), this);
        ssh.onExit().thenAccept(ended -> slots.release(host, ended.exitValue() == 255));
        try {
            bootstrap.sendBundle(ssh.getOutputStream());
        }
        catch (IOException e) {
            // ssh that fails (a refused key, an unknown host) exits before it reads a package larger than the pipe holds:
            // what it said is the reason, so it goes in the message.
            List<String> said = stderrOf(ssh);
            worker.kill();
            throw new WorkerStartupException("cannot start worker " + spec.workerId() + " on " + host.name()
                    + ": ssh ended before it took the worker package" + (said.isEmpty() ? "" : "; ssh said: " + String.join(" / ", said)),
                    spec.workerId(), said, e);
        }
        return worker;
    }

    @Override
    public void sweepOrphans() {
        new OrphanHunt(settings, remote).sweep(RunId.current());
    }

    SshSettings settings() {
        return settings;
    }

    void linkWorked(SshHost host) {
        slots.worked(host);
    }

    void killRemote(SshHost host, long pid, String runId, String workerId) {
        remote.kill(host, pid, runId, workerId);
    }

    // The worker's parent must be sshd's session, so the shell execs it (the orphan sweep tells a live session by
    // that parent); env sets what a local launch sets, and works in any login shell.
    private String remoteCommand(LaunchSpec spec, WorkerBootstrap bootstrap) {
        String command = "exec env PYTHONIOENCODING=utf-8 " + bootstrap.shellCommand(settings.python());
        return spec.python().workingDirectory()
                .map(folder -> "cd " + RemoteWorkers.quoted(folder.toString()) + " && " + command)
                .orElse(command);
    }

    // A variable would have to ride on the remote command line, where every user of the host can read it.
    private static void requireNoEnvironment(LaunchSpec spec) {
        if (!spec.python().environment().isEmpty()) {
            throw new BridgeConfigurationException("the ssh launcher cannot give remote workers the environment variables "
                    + spec.python().environment().keySet() + " of PythonEnvironment: they would be on a command line there, "
                    + "readable by every user of the host. Set them on the hosts (the login's shell profile), "
                    + "or pass secrets in calls, which travel inside frames on ssh's encrypted stream");
        }
    }

    private LaunchSpec withRunHost(LaunchSpec spec) {
        List<String> arguments = new ArrayList<>(spec.workerArguments());
        arguments.addAll(List.of("--run-host", settings.runHost()));
        return new LaunchSpec(spec.workerId(), spec.python(), arguments, spec.startupTimeout(), spec.cacheDirectory());
    }

    private static String runId(LaunchSpec spec) {
        int at = spec.workerArguments().indexOf(RUN_ID);
        return at >= 0 && at + 1 < spec.workerArguments().size() ? spec.workerArguments().get(at + 1) : RunId.current();
    }

    // What ssh said before it ended, such as "Permission denied (publickey)", for the start's error.
    private static List<String> stderrOf(Process ssh) {
        try {
            ssh.waitFor(5, TimeUnit.SECONDS);
            InputStream stderr = ssh.getErrorStream();
            return new String(stderr.readNBytes(Math.max(0, Math.min(stderr.available(), 8192))), StandardCharsets.UTF_8).lines().toList();
        }
        catch (IOException e) {
            return List.of();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
