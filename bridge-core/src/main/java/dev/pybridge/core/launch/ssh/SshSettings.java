package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.BridgeConfigurationException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The ssh launcher's settings, read and checked from its properties when the launcher is made, so that a
 * bad key file or host list is said at start-up rather than as a failed worker later.
 *
 * @param hosts the worker hosts, in the order given
 * @param identity the private key file ssh logs in with
 * @param knownHosts the known-hosts file that must hold each host's key; empty: {@code accept-new}
 * @param python the interpreter on the hosts
 * @param connectTimeoutSeconds how long ssh may take to connect
 * @param aliveIntervalSeconds how often ssh checks a quiet link (its {@code ServerAliveInterval})
 * @param aliveCount how many checks in a row may go unanswered before ssh drops the link
 * @param ssh the OpenSSH client to run
 * @param runHost the name remote workers carry for this machine ({@code --run-host}), which the orphan sweep
 *     reads
 */
record SshSettings(List<SshHost> hosts, Path identity, Optional<Path> knownHosts, String python, int connectTimeoutSeconds,
        int aliveIntervalSeconds, int aliveCount, String ssh, String runHost) {

    static final String HOSTS = "hosts";
    static final String IDENTITY = "identity";
    static final String KNOWN_HOSTS = "known-hosts";
    static final String PYTHON = "python";
    static final String CAPACITY = "capacity";
    static final String CONNECT_TIMEOUT = "connect-timeout";
    static final String ALIVE_INTERVAL = "alive-interval";
    static final String ALIVE_COUNT = "alive-count";
    static final String SSH = "ssh";
    static final String RUN_HOST = "run-host";
    static final String ACCEPT_NEW = "accept-new";

    private static final Pattern PYTHON_FORM = Pattern.compile("[A-Za-z0-9_./+][A-Za-z0-9_./+-]*");
    private static final Pattern RUN_HOST_FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    SshSettings {
        hosts = List.copyOf(hosts);
        requireNonNull(identity, "identity is null");
        requireNonNull(knownHosts, "knownHosts is null");
        requireNonNull(python, "python is null");
        requireNonNull(ssh, "ssh is null");
        requireNonNull(runHost, "runHost is null");
    }

    /** Reads the properties the catalog checked (every key known, defaults added); a bad value names its key. */
    static SshSettings of(Map<String, String> properties) {
        int capacity = positive(properties, CAPACITY);
        return new SshSettings(hosts(required(properties, HOSTS), capacity), identity(home(required(properties, IDENTITY))),
                knownHosts(required(properties, KNOWN_HOSTS)), python(required(properties, PYTHON)),
                positive(properties, CONNECT_TIMEOUT), positive(properties, ALIVE_INTERVAL), positive(properties, ALIVE_COUNT),
                ssh(required(properties, SSH)), runHost(Optional.ofNullable(properties.get(RUN_HOST))));
    }

    /** How long a link may stay silent before ssh drops it, and the bridge sees its worker crash. */
    int deadLinkSeconds() {
        return aliveIntervalSeconds * (aliveCount + 1);
    }

    private static String required(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new BridgeConfigurationException("ssh launcher property '" + key + "' is missing: " + needs(key));
        }
        return value.strip();
    }

    private static String needs(String key) {
        return switch (key) {
            case HOSTS -> "give the worker hosts, such as 'gpu1,deploy@gpu2:2222'";
            case IDENTITY -> "give the private key file ssh logs in with, such as '/etc/pybridge/id_ed25519'";
            default -> "give a value";
        };
    }

    private static List<SshHost> hosts(String value, int capacity) {
        List<SshHost> hosts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String entry : value.split(",", -1)) {
            SshHost host = SshHost.parse(entry, capacity);
            if (!seen.add(host.destination() + " " + host.port())) {
                throw new BridgeConfigurationException("ssh launcher property 'hosts' names '" + entry.strip()
                        + "' twice: give each host once, with its capacity as host*N");
            }
            hosts.add(host);
        }
        return hosts;
    }

    private static Path identity(Path key) {
        if (!Files.exists(key)) {
            throw new BridgeConfigurationException("ssh launcher property 'identity': the key file " + key + " does not exist: "
                    + "make one with 'ssh-keygen -t ed25519 -N \"\" -f " + key + "' and add its .pub to each host's authorized_keys");
        }
        if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
            throw new BridgeConfigurationException("ssh launcher property 'identity': " + key + " is not a readable file: "
                    + "give the private key file, readable by the user this JVM runs as");
        }
        if (!privateKey(key)) {
            throw new BridgeConfigurationException("ssh launcher property 'identity': " + key + " is not an OpenSSH or PEM private key"
                    + (key.toString().endsWith(".pub") ? " (it is the public half: give the file without .pub)" : "")
                    + ": give the private key file");
        }
        if (openToOthers(key)) {
            throw new BridgeConfigurationException("ssh launcher property 'identity': the key file " + key
                    + " may be read by other users, and ssh refuses such a key: run 'chmod 600 " + key + "'");
        }
        return key;
    }

    // Only the first line is read: it names the kind of key, never any of its secret.
    private static boolean privateKey(Path key) {
        try (BufferedReader reader = Files.newBufferedReader(key, StandardCharsets.ISO_8859_1)) {
            String first = reader.readLine();
            return first != null && first.startsWith("-----BEGIN ") && first.contains("PRIVATE KEY");
        }
        catch (IOException e) {
            throw new BridgeConfigurationException("ssh launcher property 'identity': cannot read " + key + " (" + e.getMessage()
                    + "): give a private key file readable by the user this JVM runs as", e);
        }
    }

    private static boolean openToOthers(Path key) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
            return permissions.stream().anyMatch(permission -> permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS"));
        }
        catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static Optional<Path> knownHosts(String value) {
        if (value.equals(ACCEPT_NEW)) {
            return Optional.empty();
        }
        Path file = home(value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BridgeConfigurationException("ssh launcher property 'known-hosts': " + file + " is not a readable file: "
                    + "add each host's key to it (ssh-keyscan HOST >> " + file + ", after checking the fingerprints), "
                    + "or set known-hosts=accept-new to trust each host's key on first use");
        }
        return Optional.of(file);
    }

    private static String python(String value) {
        if (!PYTHON_FORM.matcher(value).matches()) {
            throw new BridgeConfigurationException("ssh launcher property 'python' must be a command name or a path on the hosts, "
                    + "of letters, digits and . _ / + -, such as 'python3' or '/opt/venv/bin/python'");
        }
        return value;
    }

    private static String ssh(String value) {
        boolean found = value.contains("/") ? Files.isExecutable(Path.of(value)) : onPath(value);
        if (!found) {
            throw new BridgeConfigurationException("ssh launcher property 'ssh': OpenSSH's client '" + value + "' was not found"
                    + (value.contains("/") ? "" : " on the PATH") + ": install it (Debian: apt-get install openssh-client), "
                    + "or set ssh to its path");
        }
        return value;
    }

    private static boolean onPath(String command) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }

    private static String runHost(Optional<String> value) {
        String name = value.map(String::strip).orElseGet(LocalHostName::get);
        if (!RUN_HOST_FORM.matcher(name).matches()) {
            throw new BridgeConfigurationException("ssh launcher property 'run-host' must be a host name of letters, digits"
                    + " and . _ -, unique among the machines whose JVMs share these worker hosts");
        }
        return name;
    }

    private static int positive(Map<String, String> properties, String key) {
        String value = required(properties, key);
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        }
        catch (NumberFormatException e) {
            // said below, as for a number under 1
        }
        throw new BridgeConfigurationException("ssh launcher property '" + key + "' must be a whole number of at least 1");
    }

    private static Path home(String value) {
        return value.startsWith("~/") ? Path.of(System.getProperty("user.home"), value.substring(2)) : Path.of(value);
    }
}
