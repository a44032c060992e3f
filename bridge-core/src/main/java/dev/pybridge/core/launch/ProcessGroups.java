package dev.pybridge.core.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Ends process groups, which the JDK cannot signal: through the shell's {@code kill}, the one
 * tool every Unix has. A group id is the pid of the process that created the group, and the
 * kernel gives no process a pid that is the id of a live group, so killing group {@code -pid} of a
 * worker's pid reaches that worker's group or nothing.
 */
final class ProcessGroups {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroups.class);
    private static final boolean UNIX = !System.getProperty("os.name", "").startsWith("Windows");

    private ProcessGroups() {}

    /** Sends SIGKILL to every process in the group {@code leader} leads, and waits (briefly) for the shell. */
    static void kill(long leader) {
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
}
