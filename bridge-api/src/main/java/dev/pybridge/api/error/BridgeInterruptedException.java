package dev.pybridge.api.error;

/**
 * The thread waiting for a call was interrupted; the call was abandoned and the thread's interrupt flag is set.
 *
 * @since 0.1
 */
public final class BridgeInterruptedException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public BridgeInterruptedException(String message) {
        this(message, null);
    }

    public BridgeInterruptedException(String message, Throwable cause) {
        super(ErrorCategory.INTERRUPTED, message, cause);
    }
}
