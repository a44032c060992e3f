package dev.pybridge.jsr223;

/** Python 3 source for {@link javax.script.ScriptEngineFactory}'s code-writing methods. */
final class PythonSyntax {

    private PythonSyntax() {}

    /** {@code obj.method(a, b)} */
    static String methodCall(String object, String method, String... args) {
        return object + "." + method + "(" + String.join(", ", args) + ")";
    }

    /** {@code print('text')}, with the text as a Python string literal. */
    static String print(String text) {
        return "print(" + stringLiteral(text) + ")";
    }

    /** The statements, one per line. */
    static String program(String... statements) {
        return String.join("\n", statements);
    }

    /** A single-quoted Python literal of {@code text}; non-ASCII text stays as it is (source is UTF-8). */
    static String stringLiteral(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> literal.append("\\\\");
                case '\'' -> literal.append("\\'");
                case '\n' -> literal.append("\\n");
                case '\r' -> literal.append("\\r");
                case '\t' -> literal.append("\\t");
                default -> appendOther(literal, text, i, c);
            }
        }
        return literal.append('\'').toString();
    }

    private static void appendOther(StringBuilder literal, String text, int index, char c) {
        if (c < 0x20 || c == 0x7f) {
            literal.append(String.format("\\x%02x", (int) c));
        }
        else if (Character.isSurrogate(c) && !pairedAt(text, index)) {
            literal.append(String.format("\\u%04x", (int) c));  // UTF-8 source cannot hold a lone surrogate
        }
        else {
            literal.append(c);
        }
    }

    private static boolean pairedAt(String text, int index) {
        char c = text.charAt(index);
        return Character.isHighSurrogate(c)
                ? index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))
                : index > 0 && Character.isHighSurrogate(text.charAt(index - 1));
    }
}
