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

    private final String reason;

    /**
     * @param reason the worker's error type: {@code UnknownCommand}, {@code InvalidArguments},
     *     {@code TargetNotFound}, {@code UnknownRef} or {@code StaleBindings}
     */
    public InvalidRequestException(String reason, String message) {
        super(ErrorCategory.INVALID_REQUEST, reason + ": " + message, null);
        this.reason = requireNonNull(reason, "reason is null");
    }

    /** The worker's error type, such as {@code "UnknownCommand"}. */
    public String reason() {
        return reason;
    }
}
