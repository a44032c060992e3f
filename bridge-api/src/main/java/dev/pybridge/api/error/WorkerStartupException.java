package dev.pybridge.api.error;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A worker could not be started: it exited before its ready frame, sent none in time, or sent a
 * wrong one. The message says which; {@link #stderrTail()} holds what it wrote to stderr, which
 * usually says why (a missing module, a broken interpreter).
 *
 * @since 0.1
 */
public final class WorkerStartupException extends BridgeException {

    private static final long serialVersionUID = 1L;

    private final String workerId;
    private final List<String> stderrTail;

    public WorkerStartupException(String message, String workerId, List<String> stderrTail, Throwable cause) {
        super(ErrorCategory.WORKER_STARTUP, message, cause);
        this.workerId = requireNonNull(workerId, "workerId is null");
        this.stderrTail = List.copyOf(stderrTail);
    }

    public String workerId() {
        return workerId;
    }

    /** The last lines the worker wrote to stderr, oldest first. */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
