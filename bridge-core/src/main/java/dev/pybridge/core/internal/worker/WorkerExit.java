package dev.pybridge.core.internal.worker;

import java.util.List;
import java.util.OptionalInt;

/**
 * How a worker process ended.
 *
 * @param exitCode the exit code, or -1 when it could not be learned; on Unix a process killed by
 *     signal {@code n} reports {@code 128 + n}
 * @param requested whether the supervisor asked it to stop (retirement, shutdown) rather than it dying
 * @param killedByBridge whether the bridge killed it: asked to, or because it broke the protocol
 * @param stderrTail the last lines it wrote to stderr, oldest first
 */
public record WorkerExit(int exitCode, boolean requested, boolean killedByBridge, List<String> stderrTail) {

    public WorkerExit {
        stderrTail = List.copyOf(stderrTail);
    }

    /** The signal that ended the process, read from an exit code of {@code 128 + n}. */
    public OptionalInt signal() {
        return exitCode > 128 && exitCode < 128 + 65 ? OptionalInt.of(exitCode - 128) : OptionalInt.empty();
    }

    /** "exit code 1", "signal 9 (SIGKILL, ...)" or "an unknown exit status". */
    public String describe() {
        if (signal().isPresent()) {
            int number = signal().getAsInt();
            return "signal " + number + signalName(number);
        }
        return exitCode < 0 ? "an unknown exit status" : "exit code " + exitCode;
    }

    private String signalName(int number) {
        return switch (number) {
            case 1 -> " (SIGHUP)";
            case 2 -> " (SIGINT)";
            case 6 -> " (SIGABRT)";
            case 9 -> killedByBridge ? " (SIGKILL, sent by the bridge)" : " (SIGKILL: killed from outside, often by the out-of-memory killer)";
            case 11 -> " (SIGSEGV, a crash in native code)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }
}
