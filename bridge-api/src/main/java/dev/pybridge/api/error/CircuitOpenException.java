package dev.pybridge.api.error;

/**
 * Workers keep failing to start, so calls are refused at once instead of waiting for a Python that cannot start. The message carries the last start failure; a later call tries again.
 *
 * @since 0.1
 */
public final class CircuitOpenException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String message) {
        this(message, null);
    }

    public CircuitOpenException(String message, Throwable cause) {
        super(ErrorCategory.CIRCUIT_OPEN, message, cause);
    }
}
