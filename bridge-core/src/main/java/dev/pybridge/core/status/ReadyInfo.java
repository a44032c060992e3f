package dev.pybridge.core.status;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a worker said in its ready frame.
 *
 * @param pid the worker's process id, as Python sees it
 * @param python the interpreter's version, such as {@code "3.11.7"}
 * @param protocol the wire protocol version
 * @param threads how many requests the worker runs at once
 * @param commands the commands it serves, sorted
 * @since 0.1
 */
public record ReadyInfo(long pid, String python, int protocol, int threads, List<String> commands) {

    /** The wire protocol version this JVM speaks. */
    public static final int PROTOCOL_VERSION = 1;

    public ReadyInfo {
        requireNonNull(python, "python is null");
        commands = List.copyOf(commands);
    }
}
