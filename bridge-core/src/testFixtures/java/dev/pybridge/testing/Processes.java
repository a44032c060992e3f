package dev.pybridge.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Real processes and real signals, for the tests that claim them. */
public final class Processes {

    private Processes() {}

    /** Sends SIGKILL to {@code pid}, as {@code kill -9} does. */
    public static void killMinusNine(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " to kill"));
        if (!process.destroyForcibly()) {
            throw new AssertionError("could not send SIGKILL to " + pid);
        }
    }

    /** Waits up to 10 s until {@code pid} has ended. */
    public static void awaitGone(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        process.ifPresent(handle -> handle.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AssertionError("process " + pid + " is still alive");
        }
    }

    /** Whether {@code pid} runs. */
    public static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Whether {@code pid} runs, not counting a zombie: a process whose parent died is reaped by
     * pid 1 in its own time, and the JDK counts it alive until then.
     */
    public static boolean running(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return alive(pid);
        }
        try {
            String line = Files.readString(stat);
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        }
        catch (IOException e) {
            return false;
        }
    }

    // The start script, or "-m pybridge" as the Python suite starts it.
    private static boolean startsWorker(List<String> args) {
        return args.contains("pybridge") || args.stream().anyMatch(arg -> arg.endsWith("/start_pybridge.py"));
    }

    /** The pids of this JVM's worker processes now. */
    public static List<Long> workerPids() {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().arguments().map(List::of).map(Processes::startsWorker).orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }
}
