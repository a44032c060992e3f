package dev.pybridge.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Ends process groups, which the JDK cannot signal: through the shell's {@code kill}, the one
 * tool every Unix has. A group id is the pid of the process that created the group, and the
 * kernel gives no process a pid that is the id of a live group, so killing group {@code -pid} of a
 * worker's pid reaches that worker's group or nothing.
 */
public final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final boolean UNIX = !System.getProperty("os.name", "").startsWith("Windows");

    private ProcessGroups() {}

    /** Sends SIGKILL to every process in the group {@code leader} leads, and waits (briefly) for the shell. */
    public static void kill(long leader) {
        if (!UNIX || leader <= 1) {
            return;
        }
        try {
            Process shell = new ProcessBuilder("/bin/sh", "-c", "kill -9 \"-$1\" 2>/dev/null", "sh", Long.toString(leader))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            shell.getOutputStream().close();
            if (!shell.waitFor(2, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        }
        catch (IOException e) {
            LOG.debug("could not kill process group {}: {}", leader, e.toString());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process group {@code pid} belongs to, read from {@code /proc}; empty where there is none or it has ended. */
    public static OptionalLong groupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(fields[2]));
        }
        catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Whether {@code pid} runs: a zombie, ended but not yet reaped by its parent, does not. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        }
        catch (IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
