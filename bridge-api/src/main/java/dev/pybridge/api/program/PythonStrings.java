package dev.pybridge.api.program;

/** Writes a string as a single-quoted Python literal, escaped as Python's {@code repr} escapes it. */
final class PythonStrings {

    private PythonStrings() {
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        value.codePoints().forEach(c -> appendEscaped(out, c));
        return out.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder out, int c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                if (isPrintable(c)) {
                    out.appendCodePoint(c);
                } else if (c < 0x100) {
                    out.append(String.format("\\x%02x", c));
                } else if (c < 0x10000) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
        }
    }

    /** Python's {@code str.isprintable}, per character: what {@code repr} leaves unescaped. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
