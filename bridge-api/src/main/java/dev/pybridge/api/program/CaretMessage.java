package dev.pybridge.api.program;

/**
 * Formats a parse error as a compiler does: the problem and its position, then the line of text
 * that holds it with a caret under the position. A long line is clipped around the position so
 * that the message stays short.
 */
final class CaretMessage {

    /** How many characters of the line are shown on each side of the position, at most. */
    private static final int HALF_WINDOW = 36;
    private static final String ELLIPSIS = "...";
    private static final String INDENT = "  ";

    private CaretMessage() {
    }

    static String format(String problem, String text, int position) {
        int lineStart = lineStart(text, position);
        int lineEnd = lineEnd(text, position);
        int from = Math.max(lineStart, position - HALF_WINDOW);
        int to = Math.min(lineEnd, position + HALF_WINDOW);
        String prefix = from > lineStart ? ELLIPSIS : "";
        String suffix = to < lineEnd ? ELLIPSIS : "";
        StringBuilder message = new StringBuilder(problem).append(" at position ").append(position);
        if (lineStart > 0 || lineEnd < text.length()) {
            message.append(" (line ").append(lineNumber(text, lineStart))
                    .append(", column ").append(position - lineStart + 1).append(')');
        }
        message.append('\n').append(INDENT).append(prefix);
        StringBuilder caret = new StringBuilder(INDENT).append(" ".repeat(prefix.length()));
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            message.append(visible(c));
            if (i < position) {
                caret.append(c == '\t' ? '\t' : ' ');
            }
        }
        return message.append(suffix).append('\n').append(caret).append('^').toString();
    }

    /** A control character would break the picture: it is shown as '?', a tab as itself so the caret lines up. */
    private static char visible(char c) {
        return Character.isISOControl(c) && c != '\t' ? '?' : c;
    }

    private static int lineStart(String text, int position) {
        int start = position;
        while (start > 0 && !isLineBreak(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    private static int lineEnd(String text, int position) {
        int end = position;
        while (end < text.length() && !isLineBreak(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int lineNumber(String text, int lineStart) {
        int lines = 1;
        for (int i = 0; i < lineStart; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }
}
