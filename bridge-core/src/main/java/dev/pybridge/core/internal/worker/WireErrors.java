package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.internal.protocol.WireError;

/** Turns the {@code error} of a failed reply into the exception the caller sees. */
final class WireErrors {

    private WireErrors() {}

    static BridgeException toException(WireError error, String command, String workerId) {
        return switch (error.type()) {
            case "UnknownCommand" -> refused(InvalidRequestException.Reason.UNKNOWN_COMMAND, error);
            case "InvalidArguments" -> refused(InvalidRequestException.Reason.INVALID_ARGUMENTS, error);
            case "TargetNotFound" -> refused(InvalidRequestException.Reason.TARGET_NOT_FOUND, error);
            case "UnknownRef" -> refused(InvalidRequestException.Reason.UNKNOWN_REF, error);
            case "StaleBindings" -> refused(InvalidRequestException.Reason.STALE_BINDINGS, error);
            case "UnknownProgram" -> refused(InvalidRequestException.Reason.UNKNOWN_PROGRAM, error);
            case "LmNotConfigured" -> refused(InvalidRequestException.Reason.LM_NOT_CONFIGURED, error);
            // A Python package the command needs (DSPy) is not installed: the setup is at fault, not the call.
            case "DependencyMissing" -> new BridgeConfigurationException(error.message());
            case "ProtocolError" -> new ProtocolException("worker " + workerId + " could not process '" + command + "': " + error.message());
            default -> new PythonException(error.type(), error.message(), error.traceback().orElse(null),
                    error.location().orElse(null), error.stdout().orElse(null), error.stderr().orElse(null));
        };
    }

    // The worker's error type stays in front of its message, as Python would print it.
    private static InvalidRequestException refused(InvalidRequestException.Reason reason, WireError error) {
        return new InvalidRequestException(reason, error.type() + ": " + error.message());
    }
}
