package dev.pybridge.api.error;

/**
 * No worker became free before the call's deadline, or the wait queue was full.
 *
 * @since 0.1
 */
public final class PoolExhaustedException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        this(message, null);
    }

    public PoolExhaustedException(String message, Throwable cause) {
        super(ErrorCategory.POOL_EXHAUSTED, message, cause);
    }
}
