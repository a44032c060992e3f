package dev.pybridge.api.program;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureProperties {

    /** Far beyond what parsing a few hundred characters takes: only a parser that loops forever reaches it. */
    private static final Duration HANG = Duration.ofSeconds(30);

    @Property
    void everySignatureParsesBackFromItsText(@ForAll("signatures") Signature signature) {
        assertEquals(signature, Signature.parse(signature.text()));
    }

    @Property
    void everyTypeParsesBackFromItsPythonForm(@ForAll("types") FieldType type) {
        assertEquals(type, FieldType.parse(type.pythonForm()));
    }

    @Property
    void aCorruptedSignatureIsASyntaxErrorInsideTheText(@ForAll("corrupted") String text) {
        assertSyntaxErrorOnly(text);
    }

    @Property
    void anyTextIsASignatureOrASyntaxError(@ForAll("noise") String text) {
        assertTimeoutPreemptively(HANG, () -> {
            try {
                Signature.parse(text);
            } catch (SignatureSyntaxException e) {
                assertInside(text, e);
            }
        });
    }

    private static void assertSyntaxErrorOnly(String text) {
        SignatureSyntaxException e = assertTimeoutPreemptively(HANG,
                () -> assertThrows(SignatureSyntaxException.class, () -> Signature.parse(text)));
        assertInside(text, e);
    }

    private static void assertInside(String text, SignatureSyntaxException e) {
        assertEquals(text, e.text());
        assertTrue(e.position() >= 0 && e.position() <= text.length(),
                () -> "position " + e.position() + " outside " + text.length() + " characters: " + e.getMessage());
        assertTrue(e.getMessage().endsWith("^"), e::getMessage);
    }

    @Provide
    Arbitrary<Signature> signatures() {
        return SignatureArbitraries.signatures();
    }

    @Provide
    Arbitrary<FieldType> types() {
        return SignatureArbitraries.fieldTypes(3);
    }

    @Provide
    Arbitrary<String> corrupted() {
        return SignatureArbitraries.signatures().flatMap(signature ->
                Arbitraries.of(Corruption.class).flatMap(corruption -> corruption.apply(signature)));
    }

    /** Texts made of the signature's own tokens and a few strangers, in any order. */
    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> tokens = Arbitraries.of("a", "b_1", "->", "-", ">", ",", ":", " ", "\n", "[", "]", "'", "\"", "\\",
                "str", "int", "list", "dict", "Optional", "Literal", "'x'", "\"y\"", "\\N{", "}", "\\x4", "class", "1", "\u00e9");
        return Arbitraries.frequencyOf(
                Tuple.of(3, tokens.list().ofMaxSize(30).map(list -> String.join("", list))),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(40)));
    }
}
