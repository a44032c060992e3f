package dev.pybridge.core.launch.ssh;

import dev.pybridge.core.launch.LauncherProperty;
import dev.pybridge.core.launch.LauncherProvider;
import dev.pybridge.core.launch.WorkerLauncher;

import java.util.Map;
import java.util.Set;

/**
 * The {@code ssh} launcher: each worker on one of the configured hosts, through OpenSSH's {@code ssh} client
 * with a key, and nothing on the host but a Python interpreter. README.md, "Workers on other hosts", tells how
 * to set it up.
 *
 * @since 0.3
 */
public final class SshLauncherProvider implements LauncherProvider {

    /** The name this launcher is chosen by. */
    public static final String NAME = "ssh";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<LauncherProperty> properties() {
        return Set.of(
                LauncherProperty.of(SshSettings.HOSTS, "the worker hosts, comma-separated: [user@]host[:port][*capacity]"),
                LauncherProperty.of(SshSettings.IDENTITY, "the private key file ssh logs in with (mode 600)"),
                LauncherProperty.of(SshSettings.KNOWN_HOSTS, "a known-hosts file holding each host's key, "
                        + "or accept-new to trust a host's key on first connection", "~/.ssh/known_hosts"),
                LauncherProperty.of(SshSettings.PYTHON, "the Python 3.9+ interpreter on the hosts", "python3"),
                LauncherProperty.of(SshSettings.CAPACITY, "the most workers a host runs at once, unless host*N says otherwise", "4"),
                LauncherProperty.of(SshSettings.CONNECT_TIMEOUT, "seconds ssh may take to connect", "10"),
                LauncherProperty.of(SshSettings.ALIVE_INTERVAL, "seconds between ssh's checks of a quiet link "
                        + "(ServerAliveInterval)", "5"),
                LauncherProperty.of(SshSettings.ALIVE_COUNT, "unanswered checks after which ssh drops the link, "
                        + "and the worker counts as crashed (ServerAliveCountMax)", "3"),
                LauncherProperty.of(SshSettings.SSH, "OpenSSH's client", "ssh"),
                LauncherProperty.of(SshSettings.RUN_HOST, "this machine's name on the workers' command lines, "
                        + "for the orphan sweep; by default its host name"));
    }

    @Override
    public WorkerLauncher create(Map<String, String> properties) {
        return new SshLauncher(SshSettings.of(properties));
    }
}
