package dev.pybridge.testkit.fake;

import static java.util.Objects.requireNonNull;

/**
 * An error the fake worker answers instead of a result: {@code type} is the name the real worker
 * would give ({@code InvalidArguments}, {@code UnknownProgram}, a Python exception's class), so
 * that the bridge turns it into the same exception.
 */
final class WorkerError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;

    WorkerError(String type, String message) {
        super(message, null, false, false);
        this.type = requireNonNull(type, "type is null");
    }

    static WorkerError invalidArguments(String message) {
        return new WorkerError("InvalidArguments", message);
    }

    String type() {
        return type;
    }
}
