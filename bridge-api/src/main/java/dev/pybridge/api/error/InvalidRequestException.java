package dev.pybridge.api.error;

import static java.util.Objects.requireNonNull;

/**
 * The worker refused the request itself: an unknown command, a missing or mistyped argument, a
 * {@code call} target that does not exist, or a {@link dev.pybridge.api.PyRef} that its session no
 * longer holds. The worker keeps serving; the same request will fail again.
 *
 * @since 0.1
 */
public final class InvalidRequestException extends BridgeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;

    /** Why the worker refused a request. */
    public enum Reason {
        /** The worker has no command of that name. */
        UNKNOWN_COMMAND,
        /** An argument is missing, unknown, or of the wrong type. */
        INVALID_ARGUMENTS,
        /** The target of a {@code call} (a module, a name, an attribute) does not exist. */
        TARGET_NOT_FOUND,
        /** A {@link dev.pybridge.api.PyRef} names an object its session no longer holds. */
        UNKNOWN_REF,
        /** Only the changed script bindings were sent to a worker that has none of them. */
        STALE_BINDINGS,
        /** A program id that names no program of the adapter or session. */
        UNKNOWN_PROGRAM,
        /** A program was executed before an LM was configured for it. */
        LM_NOT_CONFIGURED
    }

    /**
     * @param reason why the worker refused the request
     * @param message the worker's explanation
     */
    public InvalidRequestException(Reason reason, String message) {
        super(ErrorCategory.INVALID_REQUEST, message, null);
        this.reason = requireNonNull(reason, "reason is null");
    }

    /** Why the worker refused the request. */
    public Reason reason() {
        return reason;
    }
}
