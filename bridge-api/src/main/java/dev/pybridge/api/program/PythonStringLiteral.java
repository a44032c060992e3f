package dev.pybridge.api.program;

/**
 * Reads one Python string literal, in single or double quotes, at the parser's position, with
 * Python's escapes. Python keeps an unknown escape such as {@code \q} as two characters (and warns);
 * here it is an error, since it is almost always a mistake.
 */
final class PythonStringLiteral {

    private final SignatureParser parser;
    private final StringBuilder value = new StringBuilder();

    PythonStringLiteral(SignatureParser parser) {
        this.parser = parser;
    }

    String read() {
        if (parser.atEnd() || (parser.peek() != '\'' && parser.peek() != '"')) {
            throw parser.fail("expected a string in quotes, such as 'yes', found " + parser.found()
                    + " (Literal takes string values only)");
        }
        int open = parser.position();
        char quote = parser.peek();
        parser.advance(1);
        while (true) {
            if (parser.atEnd() || parser.peek() == '\n' || parser.peek() == '\r') {
                throw parser.fail(open, "this string is not closed: expected " + quote + " before the end of the line");
            }
            char c = parser.peek();
            if (c == quote) {
                parser.advance(1);
                return value.toString();
            }
            if (c == '\\') {
                escape();
            } else {
                value.append(c);
                parser.advance(1);
            }
        }
    }

    private void escape() {
        int start = parser.position();
        parser.advance(1);
        if (parser.atEnd()) {
            throw parser.fail(start, "this escape has nothing after its backslash");
        }
        char c = parser.peek();
        parser.advance(1);
        switch (c) {
            case '\n' -> { }
            case '\r' -> skipLineFeed();
            case '\\', '\'', '"' -> value.append(c);
            case 'a' -> value.append('\u0007');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'v' -> value.append('\u000b');
            case 'x' -> value.appendCodePoint(hex(start, 2));
            case 'u' -> value.appendCodePoint(hex(start, 4));
            case 'U' -> value.appendCodePoint(hex(start, 8));
            case 'N' -> value.appendCodePoint(named(start));
            default -> {
                if (c >= '0' && c <= '7') {
                    value.appendCodePoint(octal(c));
                } else {
                    throw parser.fail(start, "unknown escape \\" + c + " (write \\\\ for a backslash)");
                }
            }
        }
    }

    private void skipLineFeed() {
        if (!parser.atEnd() && parser.peek() == '\n') {
            parser.advance(1);
        }
    }

    private int hex(int start, int digits) {
        String text = parser.text();
        int from = parser.position();
        if (from + digits > text.length()) {
            throw parser.fail(start, "this escape needs " + digits + " hexadecimal digits");
        }
        int code = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw parser.fail(start, "this escape needs " + digits + " hexadecimal digits");
            }
            code = code * 16 + digit;
        }
        if (code > Character.MAX_CODE_POINT || code < 0) {
            throw parser.fail(start, "this escape is beyond the last Unicode code point, \\U0010ffff");
        }
        parser.advance(digits);
        return code;
    }

    private int octal(char first) {
        int code = first - '0';
        for (int i = 1; i < 3 && !parser.atEnd() && parser.peek() >= '0' && parser.peek() <= '7'; i++) {
            code = code * 8 + (parser.peek() - '0');
            parser.advance(1);
        }
        return code;
    }

    private int named(int start) {
        String text = parser.text();
        int from = parser.position();
        int close = text.indexOf('}', from);
        if (parser.atEnd() || parser.peek() != '{' || close < 0) {
            throw parser.fail(start, "expected a character name in braces after \\N, as in \\N{BULLET}");
        }
        String name = text.substring(from + 1, close);
        try {
            int code = Character.codePointOf(name);
            parser.advance(close + 1 - from);
            return code;
        } catch (IllegalArgumentException unknown) {
            throw parser.fail(start, "unknown character name in \\N{...}: " + PythonStrings.quote(name));
        }
    }
}
