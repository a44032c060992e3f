package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.BridgeConfigurationException;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One worker host of the {@code hosts} property, {@code [user@]host[:port][*capacity]}: where ssh logs in,
 * and how many workers may run there at once.
 *
 * @param user the login name, if not ssh's default
 * @param host a host name, an IPv4 address, or an IPv6 address in brackets
 * @param port the ssh port, if not ssh's default
 * @param capacity the most workers this host runs at once
 */
record SshHost(Optional<String> user, String host, OptionalInt port, int capacity) {

    // No part may start with '-': ssh would read a host or user such as "-oProxyCommand=..." as an option.
    private static final Pattern FORM = Pattern.compile(
            "(?:(?<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@)?(?<host>[A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+])"
                    + "(?::(?<port>[0-9]{1,5}))?(?:\\*(?<capacity>[0-9]{1,4}))?");

    SshHost {
        requireNonNull(user, "user is null");
        requireNonNull(host, "host is null");
        requireNonNull(port, "port is null");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
    }

    /** Reads one entry of {@code hosts}; a host without {@code *N} gets {@code defaultCapacity}. */
    static SshHost parse(String entry, int defaultCapacity) {
        Matcher form = FORM.matcher(entry.strip());
        if (!form.matches()) {
            throw bad("'" + entry.strip() + "' is not of the form [user@]host[:port][*capacity]");
        }
        OptionalInt port = form.group("port") == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(form.group("port")));
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw bad("the port of '" + entry.strip() + "' is not from 1 to 65535");
        }
        int capacity = form.group("capacity") == null ? defaultCapacity : Integer.parseInt(form.group("capacity"));
        if (capacity < 1) {
            throw bad("the capacity of '" + entry.strip() + "' is 0: give each host room for at least one worker");
        }
        return new SshHost(Optional.ofNullable(form.group("user")), form.group("host"), port, capacity);
    }

    /** Where the worker runs, as events, stats and errors name it: {@code host} or {@code host:port}, without the user. */
    String name() {
        return port.isPresent() ? host + ":" + port.getAsInt() : host;
    }

    /** The destination argument of ssh: IPv6 addresses without their brackets, which ssh does not take. */
    String destination() {
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return user.map(name -> name + "@" + address).orElse(address);
    }

    private static BridgeConfigurationException bad(String what) {
        return new BridgeConfigurationException("ssh launcher property 'hosts': " + what
                + "; give a comma-separated list such as 'gpu1,deploy@gpu2:2222*4'");
    }
}
