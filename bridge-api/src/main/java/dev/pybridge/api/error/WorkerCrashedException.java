package dev.pybridge.api.error;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The worker process died while the call was in flight. Carries what is known of the death: the
 * exit code or the signal, and the last lines the worker wrote to stderr.
 *
 * @since 0.1
 */
public final class WorkerCrashedException extends BridgeException {

    private static final long serialVersionUID = 1L;

    private final String workerId;
    private final long pid;
    private final Integer exitCode;
    private final Integer signal;
    private final List<String> stderrTail;

    /**
     * @param pid the process id, or -1 if unknown
     * @param exitCode the exit code, or null if the process has not been reaped
     * @param signal the number of the signal that killed it, or null
     */
    public WorkerCrashedException(String message, String workerId, long pid, Integer exitCode, Integer signal,
            List<String> stderrTail) {
        super(ErrorCategory.WORKER_CRASHED, message, null);
        this.workerId = requireNonNull(workerId, "workerId is null");
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.stderrTail = List.copyOf(stderrTail);
    }

    public String workerId() {
        return workerId;
    }

    public OptionalLong pid() {
        return pid < 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /** The exit code, if the process exited (rather than being killed by a signal). */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** The signal that killed the process (9 for {@code kill -9}), if one did. */
    public OptionalInt signal() {
        return signal == null ? OptionalInt.empty() : OptionalInt.of(signal);
    }

    /** The last lines the worker wrote to stderr, oldest first. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
