package dev.pybridge.core.launch.ssh;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds and kills workers on a host through a second ssh connection, which runs {@code remote_workers.py} with
 * the host's Python (the one thing a worker host is known to have). Every run is bounded in time: a host that
 * does not answer is logged, never waited for.
 */
final class RemoteWorkers {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWorkers.class);
    private static final byte[] SCRIPT = script();

    private final SshSettings settings;

    RemoteWorkers(SshSettings settings) {
        this.settings = settings;
    }

    /** Kills worker {@code pid} on {@code host} and its process group, if that pid still is that worker; does not wait. */
    void kill(SshHost host, long pid, String runId, String workerId) {
        try {
            Process ssh = start(host, List.of("kill", Long.toString(pid), runId, workerId));
            ssh.getInputStream().close();
            bound(ssh);
        }
        catch (IOException e) {
            LOG.warn("could not ask {} to kill worker {} (pid {} there): {}", host.name(), workerId, pid, e.toString());
        }
    }

    /** Starts {@code mode} on {@code host}; its output, once it ends, is {@link #lines}. */
    Process start(SshHost host, List<String> arguments) throws IOException {
        List<String> remote = new ArrayList<>(List.of(settings.python(), "-"));
        arguments.stream().map(RemoteWorkers::quoted).forEach(remote::add);
        Process ssh = new ProcessBuilder(SshCommand.of(settings, host, String.join(" ", remote)))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream stdin = ssh.getOutputStream()) {
            stdin.write(SCRIPT);
        }
        return ssh;
    }

    /** The lines {@code ssh} printed, once it ended with 0; empty, and logged, if it failed or took too long. */
    List<String> lines(SshHost host, Process ssh) {
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(ssh.getInputStream()));
        try {
            if (!ssh.waitFor(timeoutSeconds(), TimeUnit.SECONDS)) {
                ssh.destroyForcibly();
                LOG.warn("{} did not answer within {} s when looking for orphaned workers; skipped", host.name(), timeoutSeconds());
                return List.of();
            }
            String text = output.get(timeoutSeconds(), TimeUnit.SECONDS);
            if (ssh.exitValue() != 0) {
                LOG.warn("could not look for orphaned workers on {}: ssh exited with {}", host.name(), ssh.exitValue());
                return List.of();
            }
            return text.lines().filter(line -> !line.isBlank()).toList();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ssh.destroyForcibly();
            return List.of();
        }
        catch (Exception e) {
            ssh.destroyForcibly();
            LOG.warn("could not look for orphaned workers on {}: {}", host.name(), e.toString());
            return List.of();
        }
    }

    // For the remote shell, which splits the command ssh sends it into words.
    static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private void bound(Process ssh) {
        ssh.onExit().orTimeout(timeoutSeconds(), TimeUnit.SECONDS).exceptionally(timedOut -> {
            ssh.destroyForcibly();
            return ssh;
        });
    }

    // Connecting, then a moment for Python to read /proc.
    private long timeoutSeconds() {
        return settings.connectTimeoutSeconds() + 10L;
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] script() {
        try (InputStream in = RemoteWorkers.class.getResourceAsStream("remote_workers.py")) {
            if (in == null) {
                throw new IllegalStateException("remote_workers.py is missing from bridge-core's jar");
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
