package dev.pybridge.api.error;

/**
 * The call's session cannot be served: unknown, expired, or its state could not be rebuilt.
 *
 * @since 0.1
 */
public final class SessionException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public SessionException(String message) {
        this(message, null);
    }

    public SessionException(String message, Throwable cause) {
        super(ErrorCategory.SESSION, message, cause);
    }
}
