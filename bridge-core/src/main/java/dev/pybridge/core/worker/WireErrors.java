package dev.pybridge.core.worker;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.protocol.WireError;

/** Turns the {@code error} of a failed reply into the exception the caller sees. */
final class WireErrors {

    private WireErrors() {}

    static BridgeException toException(WireError error, String command, String workerId) {
        return switch (error.type()) {
            case "UnknownCommand", "InvalidArguments", "TargetNotFound", "UnknownRef", "StaleBindings" -> new InvalidRequestException(error.type(), error.message());
            case "ProtocolError" -> new ProtocolException("worker " + workerId + " could not process '" + command + "': " + error.message());
            default -> new PythonException(error.type(), error.message(), error.traceback().orElse(null),
                    error.location().orElse(null), error.stdout().orElse(null), error.stderr().orElse(null));
        };
    }
}
