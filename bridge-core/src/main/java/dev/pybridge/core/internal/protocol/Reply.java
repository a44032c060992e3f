package dev.pybridge.core.internal.protocol;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** One reply frame: a result or an error, for the request with the same id. */
public sealed interface Reply permits Reply.Success, Reply.Failure {

    /** The id of the request this answers; empty for an error about a request whose id was unreadable. */
    OptionalLong id();

    /** {@code {"id": ..., "success": true, "result": ...}} */
    record Success(OptionalLong id, Object result) implements Reply {
        public Success {
            requireNonNull(id, "id is null");
        }
    }

    /** {@code {"id": ..., "success": false, "error": {...}}} */
    record Failure(OptionalLong id, WireError error) implements Reply {
        public Failure {
            requireNonNull(id, "id is null");
            requireNonNull(error, "error is null");
        }
    }
}
