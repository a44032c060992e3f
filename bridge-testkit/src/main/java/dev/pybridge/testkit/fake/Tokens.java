package dev.pybridge.testkit.fake;

import java.util.ArrayList;
import java.util.List;

/** Splits the fake's small language ({@link Expressions}) into tokens, and code into statements. */
final class Tokens {

    enum Kind { INTEGER, FLOAT, STRING, NAME, SYMBOL }

    /** A token; a string's text is its value, its quotes and escapes undone. */
    record Token(Kind kind, String text) {}

    private static final List<String> SYMBOLS = List.of("**", "//", "+", "-", "*", "%", "(", ")", "[", "]", ",");

    private final String code;
    private int at;

    private Tokens(String code) {
        this.code = code;
    }

    /** @throws Expressions.NotEvaluable for a character the language does not have */
    static List<Token> of(String code) {
        Tokens tokens = new Tokens(code);
        List<Token> found = new ArrayList<>();
        while (tokens.skipSpaces()) {
            found.add(tokens.next());
        }
        return found;
    }

    /** The statements of {@code code}: its lines, split again at each {@code ;} outside a string, without blanks and comments. */
    static List<String> statements(String code) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && i + 1 < code.length()) {
                    current.append(code.charAt(++i));
                }
                else if (c == quote) {
                    quote = 0;
                }
            }
            else if (c == '\n' || c == ';') {
                keep(statements, current);
            }
            else {
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                current.append(c);
            }
        }
        keep(statements, current);
        return statements;
    }

    private static void keep(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        current.setLength(0);
        if (!statement.isEmpty() && !statement.startsWith("#") && !statement.equals("pass")) {
            statements.add(statement);
        }
    }

    private boolean skipSpaces() {
        while (at < code.length() && Character.isWhitespace(code.charAt(at))) {
            at++;
        }
        return at < code.length();
    }

    private Token next() {
        char c = code.charAt(at);
        if (Character.isDigit(c) || c == '.' && at + 1 < code.length() && Character.isDigit(code.charAt(at + 1))) {
            return number();
        }
        if (c == '\'' || c == '"') {
            return string(c);
        }
        if (Character.isLetter(c) || c == '_') {
            int start = at;
            while (at < code.length() && (Character.isLetterOrDigit(code.charAt(at)) || code.charAt(at) == '_')) {
                at++;
            }
            return new Token(Kind.NAME, code.substring(start, at));
        }
        for (String symbol : SYMBOLS) {
            if (code.startsWith(symbol, at)) {
                at += symbol.length();
                return new Token(Kind.SYMBOL, symbol);
            }
        }
        throw new Expressions.NotEvaluable();
    }

    private Token number() {
        int start = at;
        boolean fraction = false;
        while (at < code.length() && (Character.isDigit(code.charAt(at)) || code.charAt(at) == '.' || code.charAt(at) == '_')) {
            fraction |= code.charAt(at) == '.';
            at++;
        }
        if (at < code.length() && (code.charAt(at) == 'e' || code.charAt(at) == 'E')) {
            fraction = true;
            at++;
            if (at < code.length() && (code.charAt(at) == '+' || code.charAt(at) == '-')) {
                at++;
            }
            while (at < code.length() && Character.isDigit(code.charAt(at))) {
                at++;
            }
        }
        String text = code.substring(start, at).replace("_", "");
        try {
            if (fraction) {
                Double.parseDouble(text);
                return new Token(Kind.FLOAT, text);
            }
            // Python refuses leading zeros in a decimal integer ("007"), but not "0".
            if (text.length() > 1 && text.startsWith("0")) {
                throw new Expressions.NotEvaluable();
            }
            return new Token(Kind.INTEGER, text);
        }
        catch (NumberFormatException e) {
            throw new Expressions.NotEvaluable();
        }
    }

    private Token string(char quote) {
        StringBuilder value = new StringBuilder();
        at++;
        while (at < code.length() && code.charAt(at) != quote) {
            char c = code.charAt(at++);
            if (c == '\\' && at < code.length()) {
                value.append(escaped(code.charAt(at++)));
            }
            else if (c == '\n') {
                throw new Expressions.NotEvaluable();
            }
            else {
                value.append(c);
            }
        }
        if (at == code.length()) {
            throw new Expressions.NotEvaluable();
        }
        at++;
        return new Token(Kind.STRING, value.toString());
    }

    private static char escaped(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            case '\\', '\'', '"' -> c;
            default -> throw new Expressions.NotEvaluable();
        };
    }
}
