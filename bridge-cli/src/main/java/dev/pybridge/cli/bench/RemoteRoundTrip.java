package dev.pybridge.cli.bench;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.cli.measure.Latencies;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.launch.LauncherCatalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The round trip of a small call to a worker on another host, set against the link's own: in the same run,
 * alternately, an {@code echo} call to one worker started by the {@code ssh} launcher, and one line written to
 * and read back from {@code ssh HOST cat} over an ssh connection to the same host with the same key. What the
 * bridge adds to a remote call is the difference.
 */
public final class RemoteRoundTrip {

    /**
     * Medians and 99th percentiles, in microseconds.
     *
     * @param host the host measured
     * @param rounds how many of each were timed
     */
    public record Result(String host, int rounds, long callP50Micros, long callP99Micros, long linkP50Micros, long linkP99Micros) {

        /** One line for people. */
        public String describe() {
            return String.format("remote call to %s: p50 %d us, p99 %d us; ssh echo over the same link: p50 %d us, p99 %d us; "
                    + "the bridge adds %d us at the median (%d rounds)", host, callP50Micros, callP99Micros, linkP50Micros, linkP99Micros,
                    callP50Micros - linkP50Micros, rounds);
        }
    }

    private RemoteRoundTrip() {}

    /**
     * Measures {@code rounds} of each after as many warm-up rounds, on the first host of {@code sshProperties} (the ssh
     * launcher's properties; {@code hosts}, {@code identity} and {@code known-hosts} also set up the echo link).
     */
    public static Result measure(BridgeConfig config, Map<String, String> sshProperties, int rounds) throws IOException {
        requireNonNull(config, "config is null");
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1: " + rounds);
        }
        String host = sshProperties.get("hosts").split(",")[0].strip();
        Map<String, String> oneHost = new HashMap<>(sshProperties);
        oneHost.put("hosts", host);
        Latencies calls = new Latencies();
        Latencies link = new Latencies();
        try (SingleProcessBridge bridge = new SingleProcessBridge(config, LauncherCatalog.load().create("ssh", oneHost));
                EchoLink echo = new EchoLink(linkCommand(sshProperties, host))) {
            for (int i = 0; i < 2 * rounds; i++) {
                boolean timed = i >= rounds;
                long started = System.nanoTime();
                bridge.call(Call.echo("x"));
                long called = System.nanoTime();
                echo.roundTrip();
                long echoed = System.nanoTime();
                if (timed) {
                    calls.recordNanos(called - started);
                    link.recordNanos(echoed - called);
                }
            }
        }
        return new Result(host.replaceFirst("\\*.*$", ""), rounds, calls.percentileMicros(50), calls.percentileMicros(99),
                link.percentileMicros(50), link.percentileMicros(99));
    }

    // The launcher's essentials: batch mode, the key, the known hosts, no multiplexing; cat echoes each line.
    static List<String> linkCommand(Map<String, String> properties, String host) {
        String address = host.replaceFirst("\\*.*$", "");
        List<String> command = new ArrayList<>(List.of(properties.getOrDefault("ssh", "ssh"), "-T", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-i", properties.get("identity"), "-o", "ControlPath=none"));
        String knownHosts = properties.getOrDefault("known-hosts", "~/.ssh/known_hosts");
        if (knownHosts.equals("accept-new")) {
            command.addAll(List.of("-o", "StrictHostKeyChecking=accept-new"));
        } else {
            command.addAll(List.of("-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts));
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0 && !address.endsWith("]")) {
            command.addAll(List.of("-p", address.substring(colon + 1)));
            address = address.substring(0, colon);
        }
        command.addAll(List.of("--", address.replace("[", "").replace("]", ""), "cat"));
        return command;
    }

    /** {@code ssh HOST cat}: one line out, the same line back. */
    private static final class EchoLink implements AutoCloseable {
        private final Process ssh;
        private final OutputStream out;
        private final BufferedReader in;

        EchoLink(List<String> command) throws IOException {
            ssh = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = ssh.getOutputStream();
            in = new BufferedReader(new InputStreamReader(ssh.getInputStream(), StandardCharsets.UTF_8));
        }

        void roundTrip() throws IOException {
            out.write('x');
            out.write('\n');
            out.flush();
            if (in.readLine() == null) {
                throw new IOException("ssh cat ended: exit code " + ssh.onExit().join().exitValue());
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
            try {
                if (!ssh.waitFor(10, TimeUnit.SECONDS)) {
                    ssh.destroyForcibly();
                }
            }
            catch (InterruptedException e) {
                ssh.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
