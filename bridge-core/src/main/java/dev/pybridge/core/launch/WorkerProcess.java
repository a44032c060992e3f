package dev.pybridge.core.launch;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A started worker process as a supervisor sees it: three streams, an exit, and ways to end it.
 *
 * @since 0.1
 */
public interface WorkerProcess {

    /** A started {@link Process}, such as one a launcher built with {@link ProcessBuilder}. */
    static WorkerProcess of(Process process) {
        return new ChildProcess(process);
    }

    /** The operating system's process id, or -1 where there is none (a process on another host). */
    long pid();

    /** Where the worker runs, for events, stats and logs: {@code localhost} for a process of this machine. */
    default String host() {
        return "localhost";
    }

    /** Requests to the worker. */
    OutputStream stdin();

    /** Frames from the worker. */
    InputStream stdout();

    /** The worker's free-text diagnostics. */
    InputStream stderr();

    /**
     * Completes with the exit code when the process has ended. On Unix a process killed by signal
     * {@code n} reports {@code 128 + n}, as a shell does.
     */
    CompletableFuture<Integer> onExit();

    /** Whether the process still runs. */
    boolean isAlive();

    /**
     * The worker named {@code pid} as its own in its ready frame. It differs from {@link #pid()}
     * when a wrapper script started the interpreter as its child; {@link #kill()} must then reach
     * that process's group too. By default, nothing.
     */
    default void announced(long pid) {}

    /** Asks the process to end (SIGTERM). */
    void terminate();

    /**
     * Ends the process at once (SIGKILL), and with it whatever the worker started, as far as the
     * launcher can reach it (a local worker's process group). Called again after the process
     * ended on its own, so that what it started ends too; must then do no harm.
     */
    void kill();
}
