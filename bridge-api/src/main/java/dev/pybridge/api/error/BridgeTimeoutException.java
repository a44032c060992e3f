package dev.pybridge.api.error;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The call passed its deadline. The worker that was running it is replaced, since Python cannot
 * be interrupted safely mid-call; its late reply, if any, is dropped.
 *
 * @since 0.1
 */
public final class BridgeTimeoutException extends BridgeException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    public BridgeTimeoutException(String message, Duration timeout) {
        super(ErrorCategory.TIMEOUT, message, null);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The deadline the call had. */
    public Duration timeout() {
        return timeout;
    }
}
