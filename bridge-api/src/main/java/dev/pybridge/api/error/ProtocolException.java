package dev.pybridge.api.error;

/**
 * A worker broke the wire protocol: a frame over the maximum size, a stream that ended inside a
 * frame, or a reply that is not what the protocol says. The worker is replaced.
 *
 * @since 0.1
 */
public final class ProtocolException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        this(message, null);
    }

    public ProtocolException(String message, Throwable cause) {
        super(ErrorCategory.PROTOCOL, message, cause);
    }
}
