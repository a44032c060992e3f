package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.SourceLocation;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code error} object of a failed reply.
 *
 * @param type the Python exception class, or one of the worker's own types ({@code ProtocolError},
 *     {@code UnknownCommand}, {@code InvalidArguments}, {@code TargetNotFound}, ...)
 * @param message the error's message
 * @param traceback the formatted traceback, if any
 * @param location where in the source it happened, if known
 * @param stdout what the request printed before it failed, when it asked for capture
 * @param stderr what the request wrote to stderr before it failed, when it asked for capture
 */
public record WireError(String type, String message, Optional<String> traceback, Optional<SourceLocation> location,
        Optional<String> stdout, Optional<String> stderr) {

    public WireError {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
        requireNonNull(traceback, "traceback is null");
        requireNonNull(location, "location is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    /** An error with a type and a message only. */
    public static WireError of(String type, String message) {
        return new WireError(type, message, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
