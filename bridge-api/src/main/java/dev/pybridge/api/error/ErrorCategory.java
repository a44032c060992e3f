package dev.pybridge.api.error;

/**
 * What kind of failure a {@link BridgeException} reports, and whether retrying the call can help.
 *
 * @since 0.1
 */
public enum ErrorCategory {
    /** The call passed its deadline. Retrying can help; the worker that ran it was replaced. */
    TIMEOUT(true),
    /** The worker died while the call was in flight. Retrying can help (if the call is safe to repeat). */
    WORKER_CRASHED(true),
    /** A worker could not be started, or died before it was ready. */
    WORKER_STARTUP(true),
    /** A worker broke the wire protocol; it was replaced. */
    PROTOCOL(true),
    /** The Python code raised an exception. Retrying the same call gives the same error. */
    PYTHON(false),
    /** The worker refused the request: unknown command, bad arguments, missing call target. */
    INVALID_REQUEST(false),
    /** No worker became free before the call's deadline. */
    POOL_EXHAUSTED(true),
    /** Workers keep failing to start; calls are refused until a probe succeeds. */
    CIRCUIT_OPEN(true),
    /** The call's session is unknown, expired, or cannot be placed. */
    SESSION(false),
    /** The bridge is configured wrongly (no such interpreter, bad setting). */
    CONFIGURATION(false),
    /** The bridge was closed. */
    CLOSED(false),
    /** The calling thread was interrupted while it waited; the call was abandoned. */
    INTERRUPTED(false);

    private final boolean retryable;

    ErrorCategory(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether the same call, sent again, can succeed. */
    public boolean retryable() {
        return retryable;
    }
}
