package dev.pybridge.api.program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads DSPy's string form of a signature, and the types in it, by recursive descent over the
 * text. Every failure is a {@link SignatureSyntaxException} at the place it was found; every step
 * consumes text, and nesting is bounded, so no input loops or overflows the stack.
 */
final class SignatureParser {

    /** Deeper than any type a person writes, shallow enough that the recursion cannot overflow the stack. */
    static final int MAX_NESTING = 64;

    private static final String ARROW = "->";
    private static final String KNOWN_TYPES =
            "str, int, float, bool, list[T], dict[K, V], Optional[T] or Literal['a', ...]";

    private final String text;
    private int pos;
    private int depth;

    private SignatureParser(String text) {
        this.text = text;
    }

    static Signature parseSignature(String text) {
        SignatureParser parser = new SignatureParser(text);
        List<Located> inputs = parser.side(Side.INPUTS);
        parser.pos += ARROW.length();
        List<Located> outputs = parser.side(Side.OUTPUTS);
        parser.requireUniqueNames(inputs, outputs);
        return new Signature(fields(inputs), fields(outputs), Optional.empty());
    }

    static FieldType parseType(String text) {
        SignatureParser parser = new SignatureParser(text);
        parser.skipSpace();
        FieldType type = parser.type("a type");
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.fail("expected the end of the type, found " + parser.found());
        }
        return type;
    }

    private enum Side { INPUTS, OUTPUTS }

    /** A field and where its name starts, so that a duplicate can be shown where it is. */
    private record Located(SignatureField field, int position) {
    }

    private static List<SignatureField> fields(List<Located> located) {
        return located.stream().map(Located::field).toList();
    }

    /** One side of the arrow; leaves the position at the arrow (inputs) or at the end (outputs). */
    private List<Located> side(Side side) {
        List<Located> fields = new ArrayList<>();
        skipSpace();
        fields.add(field(side, true));
        while (true) {
            skipSpace();
            if ((side == Side.INPUTS && lookingAt(ARROW)) || (side == Side.OUTPUTS && atEnd())) {
                return fields;
            }
            if (atEnd() || peek() != ',') {
                throw afterField(side, fields.get(fields.size() - 1).field());
            }
            pos++;
            skipSpace();
            fields.add(field(side, false));
        }
    }

    private SignatureSyntaxException afterField(Side side, SignatureField last) {
        if (side == Side.INPUTS) {
            return fail("expected ',' or '->' after the field '" + last.name() + "', found " + found());
        }
        if (lookingAt(ARROW)) {
            return fail("a signature has one '->', and this is a second one");
        }
        return fail("expected ',' or the end of the text after the field '" + last.name() + "', found " + found());
    }

    private Located field(Side side, boolean first) {
        int start = pos;
        if (atEnd() || !Identifiers.isIdentifierStart(peek())) {
            throw fail(missingField(side, first));
        }
        String name = identifier();
        if (Identifiers.isKeyword(name)) {
            throw fail(start, "'" + name + "' is a Python keyword, which DSPy cannot read as a field name; choose another name");
        }
        skipSpace();
        if (atEnd() || peek() != ':') {
            return new Located(SignatureField.of(name), start);
        }
        pos++;
        skipSpace();
        return new Located(SignatureField.of(name, type("a type after '" + name + ":'")), start);
    }

    private String missingField(Side side, boolean first) {
        if (!atEnd() && Character.isDigit(peek())) {
            return "'" + word() + "' is not a field name: a name cannot start with a digit";
        }
        if (first && side == Side.INPUTS && (atEnd() || lookingAt(ARROW))) {
            return "expected an input field: a signature needs at least one before '->', found " + found();
        }
        if (first && side == Side.OUTPUTS && atEnd()) {
            return "expected an output field: a signature needs at least one after '->', found " + found();
        }
        return "expected a field name" + (first ? "" : " after ','") + " (letters, digits and '_'), found " + found();
    }

    private void requireUniqueNames(List<Located> inputs, List<Located> outputs) {
        Map<String, Integer> seen = new HashMap<>();
        for (List<Located> side : List.of(inputs, outputs)) {
            for (Located located : side) {
                Integer first = seen.putIfAbsent(located.field().name(), located.position());
                if (first != null) {
                    throw fail(located.position(), "the field name '" + located.field().name() + "' is used twice (first at position "
                            + first + "); inputs and outputs share one set of names");
                }
            }
        }
    }

    private FieldType type(String expected) {
        int start = pos;
        if (atEnd() || !Identifiers.isIdentifierStart(peek())) {
            throw fail("expected " + expected + " (" + KNOWN_TYPES + "), found " + found());
        }
        String name = identifier();
        switch (name) {
            case "str": return scalar(name, FieldType.STR);
            case "int": return scalar(name, FieldType.INT);
            case "float": return scalar(name, FieldType.FLOAT);
            case "bool": return scalar(name, FieldType.BOOL);
            case "list", "List": return listOf(name);
            case "dict", "Dict": return dictOf(name);
            case "Optional": return optionalOf(name);
            case "Literal": return literalOf(name);
            default: throw fail(start, "unknown type '" + name + "'; expected " + KNOWN_TYPES);
        }
    }

    private FieldType scalar(String name, FieldType type) {
        skipSpace();
        if (!atEnd() && peek() == '[') {
            throw fail(name + " takes no type arguments");
        }
        return type;
    }

    private FieldType listOf(String name) {
        int open = open(name, name + "[str]");
        FieldType element = nested(() -> type("the element type of " + name));
        close(name, open, "one type argument");
        return FieldType.listOf(element);
    }

    private FieldType optionalOf(String name) {
        int open = open(name, name + "[str]");
        FieldType value = nested(() -> type("the type inside " + name));
        close(name, open, "one type argument");
        return FieldType.optionalOf(value);
    }

    private FieldType dictOf(String name) {
        int open = open(name, name + "[str, int]");
        int keyStart = pos;
        FieldType key = nested(() -> type("the key type of " + name));
        if (!FieldType.DictOf.isKeyType(key)) {
            throw fail(keyStart, "a dict key must be str, int, float, bool or a Literal, not " + key.pythonForm());
        }
        skipSpace();
        if (atEnd() || peek() != ',') {
            throw fail("expected ',' and the value type after the key type of " + name + ", found " + found());
        }
        pos++;
        skipSpace();
        FieldType value = nested(() -> type("the value type of " + name));
        close(name, open, "two type arguments");
        return FieldType.dictOf(key, value);
    }

    private FieldType literalOf(String name) {
        int open = open(name, name + "['yes', 'no']");
        List<String> values = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (true) {
            int start = pos;
            String value = new PythonStringLiteral(this).read();
            Integer first = seen.putIfAbsent(value, start);
            if (first != null) {
                throw fail(start, name + " holds " + PythonStrings.quote(value) + " twice (first at position " + first + ")");
            }
            values.add(value);
            skipSpace();
            if (atEnd() || peek() != ',') {
                break;
            }
            pos++;
            skipSpace();
        }
        close(name, open, "string values separated by ','");
        return new FieldType.LiteralOf(values);
    }

    /** Reads the '[' after a generic's name and the space after it; returns where the '[' is. */
    private int open(String name, String example) {
        skipSpace();
        if (atEnd() || peek() != '[') {
            throw fail(name + " needs its type arguments in brackets, as in " + example + ", found " + found());
        }
        int open = pos++;
        skipSpace();
        return open;
    }

    private void close(String name, int open, String arguments) {
        skipSpace();
        if (atEnd() || peek() != ']') {
            throw fail("expected ']' to close the '[' at position " + open + " (" + name + " takes " + arguments
                    + "), found " + found());
        }
        pos++;
    }

    private FieldType nested(Supplier<FieldType> inner) {
        if (++depth > MAX_NESTING) {
            throw fail("types nest deeper than " + MAX_NESTING + " levels");
        }
        try {
            return inner.get();
        } finally {
            depth--;
        }
    }

    // The cursor, shared with PythonStringLiteral.

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return text.charAt(pos);
    }

    int position() {
        return pos;
    }

    void advance(int count) {
        pos += count;
    }

    String text() {
        return text;
    }

    SignatureSyntaxException fail(String problem) {
        return fail(pos, problem);
    }

    SignatureSyntaxException fail(int position, String problem) {
        return new SignatureSyntaxException(problem, text, position);
    }

    /** What stands at the position, for a message: a word, the arrow, one character, or the end of the text. */
    String found() {
        if (atEnd()) {
            return "the end of the text";
        }
        if (lookingAt(ARROW)) {
            return "'->'";
        }
        if (Identifiers.isIdentifierPart(peek())) {
            return "'" + word() + "'";
        }
        return PythonStrings.quote(new String(Character.toChars(text.codePointAt(pos))));
    }

    private boolean lookingAt(String token) {
        return text.startsWith(token, pos);
    }

    /** Python's white space between tokens inside brackets, which is where DSPy parses a signature. */
    private void skipSpace() {
        while (!atEnd() && " \t\f\r\n".indexOf(peek()) >= 0) {
            pos++;
        }
    }

    private String identifier() {
        String word = word();
        pos += word.length();
        return word;
    }

    private String word() {
        int end = pos;
        while (end < text.length() && Identifiers.isIdentifierPart(text.charAt(end))) {
            end++;
        }
        return text.substring(pos, end);
    }
}
