package dev.pybridge.api.error;

/**
 * The bridge cannot start as configured: no such interpreter, one too old, or a setting it cannot use. The message names what was tried and how to fix it.
 *
 * @since 0.1
 */
public final class BridgeConfigurationException extends BridgeException {

    private static final long serialVersionUID = 1L;

    public BridgeConfigurationException(String message) {
        this(message, null);
    }

    public BridgeConfigurationException(String message, Throwable cause) {
        super(ErrorCategory.CONFIGURATION, message, cause);
    }
}
