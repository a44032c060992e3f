package dev.pybridge.core.internal.protocol;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One request frame: {@code {"id": ..., "command": ..., "args": {...}, "session": ...}}.
 *
 * @param id the request id, unique among the worker's requests in flight; 0 is the ready frame's
 * @param command the worker command
 * @param args its arguments
 * @param session the session whose namespace it runs in, if any
 */
public record Request(long id, String command, Map<String, Object> args, Optional<String> session) {

    public Request {
        if (id < 1) {
            throw new IllegalArgumentException("request ids start at 1: " + id);
        }
        requireNonNull(command, "command is null");
        requireNonNull(args, "args is null");
        requireNonNull(session, "session is null");
    }
}
