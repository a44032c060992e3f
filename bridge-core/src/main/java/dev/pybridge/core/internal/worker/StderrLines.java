package dev.pybridge.core.internal.worker;

import java.util.List;

/** Formats a worker's last stderr lines and stray bytes for error messages. */
final class StderrLines {

    // A message stays readable in a log line: the last few lines, each clipped; the whole tail has an accessor.
    private static final int LINES_IN_MESSAGE = 5;
    private static final int LINE_CHARS_IN_MESSAGE = 300;

    private StderrLines() {}

    /**
     * {@code "; its last stderr lines:\n    ..."} with at most a few lines, each clipped, or
     * {@code "; it wrote nothing to stderr"}.
     */
    static String suffix(List<String> tail) {
        if (tail.isEmpty()) {
            return "; it wrote nothing to stderr";
        }
        List<String> shown = tail.subList(Math.max(0, tail.size() - LINES_IN_MESSAGE), tail.size());
        String which = shown.size() == tail.size() ? "its last stderr lines" : "the last " + shown.size() + " of its last "
                + tail.size() + " stderr lines (all of them in stderrTail())";
        return "; " + which + ":\n    " + String.join("\n    ", shown.stream().map(StderrLines::clip).toList());
    }

    private static String clip(String line) {
        return line.length() <= LINE_CHARS_IN_MESSAGE ? line
                : line.substring(0, LINE_CHARS_IN_MESSAGE) + "... (" + (line.length() - LINE_CHARS_IN_MESSAGE) + " more characters)";
    }

    /** The bytes as ASCII, with anything unprintable escaped. */
    static String printable(byte[] bytes, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\' && b != '"') {
                text.append((char) b);
            }
            else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
