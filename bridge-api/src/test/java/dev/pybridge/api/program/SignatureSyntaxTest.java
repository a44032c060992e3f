package dev.pybridge.api.program;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each way a signature's text can be wrong, and what the error says about it. */
class SignatureSyntaxTest {

    private static final String TYPES = "str, int, float, bool, list[T], dict[K, V], Optional[T] or Literal['a', ...]";

    @Test
    void showsTheTextWithACaretUnderThePosition() {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> Signature.parse("question, context answer"));
        assertEquals("expected ',' or '->' after the field 'context', found 'answer' at position 18\n"
                + "  question, context answer\n"
                + "                    ^", e.getMessage());
        assertEquals(18, e.position());
        assertEquals("question, context answer", e.text());
    }

    @Test
    void missingArrow() {
        assertError("question", 8, "expected ',' or '->' after the field 'question', found the end of the text");
        assertError("question: int answer", 14, "expected ',' or '->' after the field 'question', found 'answer'");
        assertError("question => answer", 9, "expected ',' or '->' after the field 'question', found '='");
    }

    @Test
    void secondArrow() {
        assertError("a -> b -> c", 7, "a signature has one '->', and this is a second one");
        assertError("a -> b c", 7, "expected ',' or the end of the text after the field 'b', found 'c'");
    }

    @Test
    void danglingComma() {
        assertError("question, -> answer", 10, "expected a field name after ',' (letters, digits and '_'), found '->'");
        assertError("question -> answer,", 19, "expected a field name after ',' (letters, digits and '_'), found the end of the text");
        assertError("a,, b -> c", 2, "expected a field name after ',' (letters, digits and '_'), found ','");
        assertError(", a -> b", 0, "expected a field name (letters, digits and '_'), found ','");
    }

    @Test
    void emptySide() {
        assertError("", 0, "expected an input field: a signature needs at least one before '->', found the end of the text");
        assertError("  -> answer", 2, "expected an input field: a signature needs at least one before '->', found '->'");
        assertError("question ->  ", 13, "expected an output field: a signature needs at least one after '->', found the end of the text");
    }

    @Test
    void invalidIdentifier() {
        assertError("1st -> answer", 0, "'1st' is not a field name: a name cannot start with a digit");
        assertError("a -> $b", 5, "expected a field name (letters, digits and '_'), found '$'");
        assertError("a -> caf\u00e9", 8, "expected ',' or the end of the text after the field 'caf', found '\u00e9'");
        assertError("from -> to", 0, "'from' is a Python keyword, which DSPy cannot read as a field name; choose another name");
        assertError("a -> a", 5, "the field name 'a' is used twice (first at position 0); inputs and outputs share one set of names");
    }

    @Test
    void unknownOrMissingType() {
        assertError("question: string -> answer", 10, "unknown type 'string'; expected " + TYPES);
        assertError("q: list[Any] -> a", 8, "unknown type 'Any'; expected " + TYPES);
        assertError("question: -> answer", 10, "expected a type after 'question:' (" + TYPES + "), found '->'");
        assertError("q -> a: ", 8, "expected a type after 'a:' (" + TYPES + "), found the end of the text");
        assertError("q: 'str' -> a", 3, "expected a type after 'q:' (" + TYPES + "), found '\\''");
    }

    @Test
    void brackets() {
        assertError("question: list[str -> answer", 19,
                "expected ']' to close the '[' at position 14 (list takes one type argument), found '->'");
        assertError("q: list[str, int] -> a", 11, "expected ']' to close the '[' at position 7 (list takes one type argument), found ','");
        assertError("q: dict[str] -> a", 11, "expected ',' and the value type after the key type of dict, found ']'");
        assertError("q: Dict[str, int, int] -> a", 16,
                "expected ']' to close the '[' at position 7 (Dict takes two type arguments), found ','");
        assertError("q: list -> a", 8, "list needs its type arguments in brackets, as in list[str], found '->'");
        assertError("q: Optional -> a", 12, "Optional needs its type arguments in brackets, as in Optional[str], found '->'");
        assertError("q: str[int] -> a", 6, "str takes no type arguments");
        assertError("q: list[] -> a", 8, "expected the element type of list (" + TYPES + "), found ']'");
        assertError("q: list[str]] -> a", 12, "expected ',' or '->' after the field 'q', found ']'");
        assertError("q: dict[list[str], int] -> a", 8, "a dict key must be str, int, float, bool or a Literal, not list[str]");
    }

    @Test
    void literals() {
        assertError("q: Literal -> a", 11, "Literal needs its type arguments in brackets, as in Literal['yes', 'no'], found '->'");
        assertError("q: Literal[] -> a", 11, "expected a string in quotes, such as 'yes', found ']' (Literal takes string values only)");
        assertError("q: Literal[1] -> a", 11, "expected a string in quotes, such as 'yes', found '1' (Literal takes string values only)");
        assertError("q: Literal['a', 'a'] -> a", 16, "Literal holds 'a' twice (first at position 11)");
        assertError("q: Literal['a'", 14, "expected ']' to close the '[' at position 10 (Literal takes string values separated by ','), "
                + "found the end of the text");
        assertError("q: Literal['a -> b", 11, "this string is not closed: expected ' before the end of the line");
        assertError("q: Literal[\"a\n\"] -> b", 11, "this string is not closed: expected \" before the end of the line");
        assertError("q: Literal['\\q'] -> a", 12, "unknown escape \\q (write \\\\ for a backslash)");
        assertError("q: Literal['\\x4'] -> a", 12, "this escape needs 2 hexadecimal digits");
        assertError("q: Literal['\\U00110000'] -> a", 12, "this escape is beyond the last Unicode code point, \\U0010ffff");
        assertError("q: Literal['\\N{NO SUCH NAME}'] -> a", 12, "unknown character name in \\N{...}: 'NO SUCH NAME'");
        assertError("q: Literal['\\N'] -> a", 12, "expected a character name in braces after \\N, as in \\N{BULLET}");
        assertError("q: Literal['\\", 12, "this escape has nothing after its backslash");
    }

    @Test
    void nestingIsBounded() {
        int limit = SignatureParser.MAX_NESTING;
        FieldType deepest = FieldType.parse("list[".repeat(limit) + "str" + "]".repeat(limit));
        assertEquals("list[".repeat(limit) + "str" + "]".repeat(limit), deepest.pythonForm());
        String deep = "list[".repeat(100_000);
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> Signature.parse("q: " + deep + "str -> a"));
        assertEquals(3 + 5 * (SignatureParser.MAX_NESTING + 1), e.position());
        assertEquals("types nest deeper than 64 levels at position 328", firstLine(e));
    }

    @Test
    void aLineBreakInTheTextShowsOnlyTheLineWithTheProblem() {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class,
                () -> Signature.parse("question,\n\tcontext: strr\n-> answer"));
        assertEquals("unknown type 'strr'; expected " + TYPES + " at position 20 (line 2, column 11)\n"
                + "  \tcontext: strr\n"
                + "  \t         ^", e.getMessage());
    }

    @Test
    void aLongLineIsClippedAroundThePosition() {
        String text = "a".repeat(100) + " b -> c";
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> Signature.parse(text));
        assertEquals("expected ',' or '->' after the field '" + "a".repeat(100) + "', found 'b' at position 101\n"
                + "  ..." + "a".repeat(35) + " b -> c\n"
                + "     " + " ".repeat(36) + "^", e.getMessage());
    }

    @Test
    void controlCharactersAreShownAsQuestionMarks() {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> Signature.parse("a\u0000 -> b"));
        assertEquals("expected ',' or '->' after the field 'a', found '\\x00' at position 1\n"
                + "  a? -> b\n"
                + "   ^", e.getMessage());
    }

    @Test
    void theTypeParserReportsPositionsInTheTypesOwnText() {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> FieldType.parse("dict[str,  foo]"));
        assertEquals(11, e.position());
        assertEquals("unknown type 'foo'; expected " + TYPES + " at position 11", firstLine(e));
    }

    private static void assertError(String text, int position, String problem) {
        SignatureSyntaxException e = assertThrows(SignatureSyntaxException.class, () -> Signature.parse(text));
        assertEquals(problem + " at position " + position, firstLine(e), () -> "parsing " + text);
        assertEquals(position, e.position());
        assertEquals(text, e.text());
    }

    private static String firstLine(SignatureSyntaxException e) {
        String message = e.getMessage();
        String first = message.substring(0, message.indexOf('\n'));
        return first.replaceFirst(" \\(line \\d+, column \\d+\\)$", "");
    }
}
