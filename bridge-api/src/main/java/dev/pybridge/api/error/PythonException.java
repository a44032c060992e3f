package dev.pybridge.api.error;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The Python code raised an exception. The worker survives and keeps serving.
 *
 * <p>{@link #getMessage()} reads like Python's own report: {@code "ValueError: bad input"},
 * followed by the traceback; a very long message or traceback is clipped there, and kept whole
 * in {@link #pythonMessage()} and {@link #traceback()}.
 *
 * @since 0.1
 */
public final class PythonException extends BridgeException {

    private static final long serialVersionUID = 1L;

    private static final int MESSAGE_CHARS = 2000;
    private static final int TRACEBACK_LINES = 40;
    private static final int LINE_CHARS = 500;

    private final String pythonType;
    private final String pythonMessage;
    private final String traceback;
    private final SourceLocation location;
    private final String stdout;
    private final String stderr;

    /**
     * @param pythonType the exception's class, module-qualified unless a builtin
     *     ({@code "ValueError"}, {@code "json.decoder.JSONDecodeError"})
     * @param pythonMessage {@code str()} of the exception
     * @param traceback the formatted traceback, or null
     * @param location where it was raised, or null
     * @param stdout what the call printed before it failed, when it asked for capture, or null
     * @param stderr what the call wrote to stderr before it failed, when it asked for capture, or null
     */
    public PythonException(String pythonType, String pythonMessage, String traceback, SourceLocation location,
            String stdout, String stderr) {
        super(ErrorCategory.PYTHON, describe(pythonType, pythonMessage, traceback), null);
        this.pythonType = requireNonNull(pythonType, "pythonType is null");
        this.pythonMessage = requireNonNull(pythonMessage, "pythonMessage is null");
        this.traceback = traceback;
        this.location = location;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The Python exception's class, such as {@code "ValueError"}. */
    public String pythonType() {
        return pythonType;
    }

    /** The Python exception's message, without its type or traceback. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** Python's formatted traceback, starting at the caller's code. */
    public Optional<String> traceback() {
        return Optional.ofNullable(traceback);
    }

    /** Where the exception was raised, if known. */
    public Optional<SourceLocation> location() {
        return Optional.ofNullable(location);
    }

    /** What the call printed before it failed, if it asked for output capture. */
    public Optional<String> stdout() {
        return Optional.ofNullable(stdout);
    }

    /** What the call wrote to stderr before it failed, if it asked for output capture. */
    public Optional<String> stderr() {
        return Optional.ofNullable(stderr);
    }

    // The message stays readable in a log: a long Python message and a deep traceback are clipped here, and kept
    // whole in pythonMessage() and traceback().
    private static String describe(String type, String message, String traceback) {
        String head = message == null || message.isEmpty() ? type : type + ": " + clip(message, MESSAGE_CHARS);
        return traceback == null || traceback.isBlank() ? head : head + "\n" + lastLines(traceback.stripTrailing());
    }

    private static String lastLines(String traceback) {
        List<String> lines = traceback.lines().toList();
        int skipped = Math.max(0, lines.size() - TRACEBACK_LINES);
        StringBuilder text = new StringBuilder();
        if (skipped > 0) {
            text.append("  [").append(skipped).append(" earlier lines of the traceback; see traceback()]\n");
        }
        lines.subList(skipped, lines.size()).forEach(line -> text.append(clip(line, LINE_CHARS)).append('\n'));
        return text.toString().stripTrailing();
    }

    private static String clip(String text, int most) {
        return text.length() <= most ? text : text.substring(0, most) + "... (" + (text.length() - most) + " more characters)";
    }
}
