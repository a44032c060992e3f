package dev.pybridge.api.error;

/**
 * The bridge was closed before or while the call ran.
 *
 * @since 0.1
 */
public final class BridgeClosedException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public BridgeClosedException(String message) {
        this(message, null);
    }

    public BridgeClosedException(String message, Throwable cause) {
        super(ErrorCategory.CLOSED, message, cause);
    }
}
