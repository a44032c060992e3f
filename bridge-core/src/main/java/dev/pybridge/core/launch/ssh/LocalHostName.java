package dev.pybridge.core.launch.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's host name, which remote workers carry so that a sweep from here finds only this machine's runs. */
final class LocalHostName {

    private LocalHostName() {}

    // The kernel's name first: asking the resolver may wait on a DNS server.
    static String get() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        }
        catch (IOException | RuntimeException e) {
            // not Linux: the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (IOException e) {
            return "localhost";
        }
    }
}
