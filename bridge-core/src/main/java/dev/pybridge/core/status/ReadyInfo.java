package dev.pybridge.core.status;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a worker said in its ready frame.
 *
 * @param pid the worker's process id, as Python sees it
 * @param python the interpreter's version, such as {@code "3.11.7"}
 * @param executable the interpreter's real executable ({@code sys.executable}), which may differ
 *     from the configured one (a launcher shim, a wrapper script, a symbolic link); empty when
 *     Python does not know it
 * @param platform the operating system and machine, such as {@code "linux x86_64"}
 * @param protocol the wire protocol version
 * @param threads how many requests the worker runs at once
 * @param commands the commands it serves, sorted
 * @since 0.1
 */
public record ReadyInfo(long pid, String python, String executable, String platform, int protocol, int threads, List<String> commands) {

    /** The wire protocol version this JVM speaks. */
    public static final int PROTOCOL_VERSION = 2;

    public ReadyInfo {
        requireNonNull(python, "python is null");
        requireNonNull(executable, "executable is null");
        requireNonNull(platform, "platform is null");
        commands = List.copyOf(commands);
    }
}
