package dev.pybridge.core.internal.worker;

import java.util.List;

/** Formats a worker's last stderr lines and stray bytes for error messages. */
final class StderrLines {

    private static final int LINES_IN_MESSAGE = 12;

    private StderrLines() {}

    /** {@code "; its last stderr lines:\n    ..."}, or nothing when it wrote none. */
    static String suffix(List<String> tail) {
        if (tail.isEmpty()) {
            return "; it wrote nothing to stderr";
        }
        List<String> shown = tail.subList(Math.max(0, tail.size() - LINES_IN_MESSAGE), tail.size());
        return "; its last stderr lines:\n    " + String.join("\n    ", shown);
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
