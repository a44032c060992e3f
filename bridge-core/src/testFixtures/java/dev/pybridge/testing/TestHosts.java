package dev.pybridge.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The two test hosts of {@code .ci/test-hosts.sh}: network namespaces of this machine, each with its own sshd,
 * reached over a veth link that a test may take down. Where they are not set up, the tests that need them skip,
 * saying how to set them up; where {@code PYBRIDGE_SSH_TESTS=required} (CI), they fail instead.
 *
 * @param hosts the hosts' addresses, as the ssh launcher's {@code hosts} property takes them
 * @param links the links to them on this side, in the same order
 * @param identity the private key their sshd accepts
 * @param knownHosts the file holding their host keys
 */
public record TestHosts(List<String> hosts, List<String> links, Path identity, Path knownHosts) {

    /** The hosts, or the test is skipped (failed, where they are required) with the reason. */
    public static TestHosts require() {
        Path folder = Path.of(System.getenv().getOrDefault("PYBRIDGE_SSH_HOSTS_DIR", "/tmp/pybridge-test-hosts"));
        Path file = folder.resolve("hosts.properties");
        String reason = "no test hosts at " + file + ": run '.ci/test-hosts.sh up' as root (needs 'ip' and OpenSSH's sshd)";
        if (!Files.isReadable(file)) {
            if ("required".equals(System.getenv("PYBRIDGE_SSH_TESTS"))) {
                throw new AssertionError(reason + "; PYBRIDGE_SSH_TESTS=required says these tests must run here");
            }
            Assumptions.abort(reason);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return new TestHosts(List.of(properties.getProperty("hosts").split(",")), List.of(properties.getProperty("links").split(",")),
                Path.of(properties.getProperty("identity")), Path.of(properties.getProperty("known-hosts")));
    }

    /** The ssh launcher's properties for both hosts, its workers marked with {@code runHost}. */
    public Map<String, String> launcherProperties(String runHost) {
        Map<String, String> properties = new HashMap<>();
        properties.put("hosts", String.join(",", hosts));
        properties.put("identity", identity.toString());
        properties.put("known-hosts", knownHosts.toString());
        properties.put("run-host", runHost);
        // A dead link is seen within about 3 s, so that a test that takes one down waits for little.
        properties.put("alive-interval", "1");
        properties.put("alive-count", "2");
        properties.put("connect-timeout", "3");
        return properties;
    }

    /** Takes the link to host {@code index} down, or back up: {@code ip link set <link> down|up}. */
    public void link(int index, boolean up) {
        run("ip", "link", "set", links.get(index), up ? "up" : "down");
    }

    /**
     * The pids of the workers whose command line carries {@code --run-host runHost}, on any test host: they share
     * this machine's pid namespace, so they are seen here as an operator of that host would see them.
     */
    public static List<Long> workers(String runHost) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(path -> runHostOf(path).equals(runHost))
                    .filter(path -> Processes.running(Long.parseLong(path.getFileName().toString())))
                    .map(path -> Long.parseLong(path.getFileName().toString()))
                    .toList();
        }
        catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
    }

    private static String runHostOf(Path process) {
        try {
            List<String> args = Arrays.asList(new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
            int at = args.indexOf("--run-host");
            return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : "";
        }
        catch (IOException e) {
            return "";
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
