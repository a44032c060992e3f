package dev.pybridge.api.error;

import static java.util.Objects.requireNonNull;

/**
 * The root of every failure a bridge reports. Callers branch on the subtype or on
 * {@link #category()}, never on the message, which is meant for people.
 *
 * @since 0.1
 */
public abstract class BridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCategory category;

    protected BridgeException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    /** What kind of failure this is. */
    public ErrorCategory category() {
        return category;
    }

    /** Whether sending the same call again can succeed. */
    public boolean isRetryable() {
        return category.retryable();
    }
}
