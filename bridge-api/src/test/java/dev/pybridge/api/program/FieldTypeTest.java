package dev.pybridge.api.program;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.pybridge.api.program.FieldType.BOOL;
import static dev.pybridge.api.program.FieldType.FLOAT;
import static dev.pybridge.api.program.FieldType.INT;
import static dev.pybridge.api.program.FieldType.STR;
import static dev.pybridge.api.program.FieldType.dictOf;
import static dev.pybridge.api.program.FieldType.listOf;
import static dev.pybridge.api.program.FieldType.literalOf;
import static dev.pybridge.api.program.FieldType.optionalOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FieldTypeTest {

    @Test
    void writesTypesAsTypingDoes() {
        assertEquals("str", STR.pythonForm());
        assertEquals("int", INT.pythonForm());
        assertEquals("float", FLOAT.pythonForm());
        assertEquals("bool", BOOL.pythonForm());
        assertEquals("list[str]", listOf(STR).pythonForm());
        assertEquals("dict[str, int]", dictOf(STR, INT).pythonForm());
        assertEquals("Literal['a', 'b']", literalOf("a", "b").pythonForm());
        assertEquals("Optional[list[str]]", optionalOf(listOf(STR)).pythonForm());
        assertEquals("dict[Literal['x'], Optional[dict[str, list[float]]]]",
                dictOf(literalOf("x"), optionalOf(dictOf(STR, listOf(FLOAT)))).pythonForm());
    }

    @Test
    void quotesLiteralsAsPythonsReprDoes() {
        // Python: repr("it's") would pick double quotes; the brief is single quotes always, escaped.
        assertEquals("Literal['it\\'s']", literalOf("it's").pythonForm());
        assertEquals("Literal['say \"hi\"']", literalOf("say \"hi\"").pythonForm());
        assertEquals("Literal['a\\\\b']", literalOf("a\\b").pythonForm());
        assertEquals("Literal['\\t\\n\\r']", literalOf("\t\n\r").pythonForm());
        assertEquals("Literal['\\x00\\x7f\\x85\\xa0']", literalOf("\u0000\u007f\u0085\u00a0").pythonForm());
        assertEquals("Literal['\\u2028\\ufeff\\ud800']", literalOf("\u2028\ufeff\ud800").pythonForm());
        assertEquals("Literal['\\U000f0000']", literalOf(new String(Character.toChars(0xf0000))).pythonForm());
        assertEquals("Literal['é 中 \uD83D\uDE00']", literalOf("é 中 \uD83D\uDE00").pythonForm());
    }

    @Test
    void readsAnySpacingAndTypingsCapitals() {
        assertEquals(listOf(STR), FieldType.parse("List[str]"));
        assertEquals(dictOf(STR, listOf(INT)), FieldType.parse("  Dict [ str ,\n\tlist[ int ] ]  "));
        assertEquals(optionalOf(BOOL), FieldType.parse("Optional[bool]"));
        assertEquals(literalOf("a", "b"), FieldType.parse("Literal[\"a\" , 'b']"));
    }

    @Test
    void readsPythonsEscapes() {
        assertEquals(literalOf("it's", "\"", "\\", "\u0007\b\f\n\r\t\u000b"),
                FieldType.parse("Literal['it\\'s', \"\\\"\", '\\\\', '\\a\\b\\f\\n\\r\\t\\v']"));
        assertEquals(literalOf("A", "é", "\u2028", "\uD83D\uDE00", "\u0000\u0008\u01ff"),
                FieldType.parse("Literal['\\x41', '\\u00e9', '\\u2028', '\\U0001F600', '\\0\\10\\777']"));
        assertEquals(literalOf("•", "ab"), FieldType.parse("Literal['\\N{BULLET}', 'a\\\nb']"));
    }

    @Test
    void optionalOfOptionalIsOneOptional() {
        assertEquals(optionalOf(INT), optionalOf(optionalOf(INT)));
        assertEquals(optionalOf(INT), FieldType.parse("Optional[Optional[int]]"));
        assertEquals("Optional[int]", new FieldType.OptionalOf(new FieldType.OptionalOf(INT)).pythonForm());
    }

    @Test
    void aLiteralHasDistinctValuesAndAtLeastOne() {
        assertMessage("a Literal needs at least one value", () -> literalOf());
        assertMessage("a Literal holds 'a' twice", () -> literalOf("a", "b", "a"));
    }

    @Test
    void aLiteralKeepsItsOwnCopyOfTheValues() {
        List<String> values = new ArrayList<>(List.of("a"));
        FieldType.LiteralOf literal = new FieldType.LiteralOf(values);
        values.add("b");
        assertEquals(List.of("a"), literal.values());
    }

    @Test
    void aDictKeyIsAScalarOrALiteral() {
        assertEquals(dictOf(literalOf("a"), INT), FieldType.parse("dict[Literal['a'], int]"));
        assertMessage("a dict key must be str, int, float, bool or a Literal, not list[str]: "
                + "Python cannot hash it, nor JSON carry it as a key", () -> dictOf(listOf(STR), INT));
        assertMessage("a dict key must be str, int, float, bool or a Literal, not Optional[str]: "
                + "Python cannot hash it, nor JSON carry it as a key", () -> dictOf(optionalOf(STR), INT));
    }

    @Test
    void textAfterTheTypeIsAnError() {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> FieldType.parse("list[str] x"));
        assertEquals("expected the end of the type, found 'x' at position 10\n"
                + "  list[str] x\n"
                + "            ^", e.getMessage());
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action::run).getMessage());
    }
}
