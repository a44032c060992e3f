package dev.pybridge.api.program;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.pybridge.api.program.FieldType.FLOAT;
import static dev.pybridge.api.program.FieldType.INT;
import static dev.pybridge.api.program.FieldType.STR;
import static dev.pybridge.api.program.FieldType.listOf;
import static dev.pybridge.api.program.FieldType.literalOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignatureTest {

    @Test
    void parsesDspysStringForm() {
        Signature signature = Signature.parse("question, context: list[str] -> answer, confidence: float");
        assertEquals(List.of(SignatureField.of("question"), SignatureField.of("context", listOf(STR))), signature.inputs());
        assertEquals(List.of(SignatureField.of("answer"), SignatureField.of("confidence", FLOAT)), signature.outputs());
        assertEquals(Optional.empty(), signature.instructions());
    }

    @Test
    void writesStrFieldsBareAndOthersWithTheirType() {
        assertEquals("question, context: list[str] -> answer, confidence: float",
                Signature.parse(" question ,context : List[ str ]->answer,confidence:float ").text());
        assertEquals("a -> b", Signature.parse("a: str -> b: str").text());
    }

    @Test
    void readsLineBreaksAndTabsAsSpace() {
        assertEquals(Signature.parse("a, b: int -> c"), Signature.parse("a,\n\tb:\r\n int\f->\nc\n"));
    }

    @Test
    void buildsFieldByField() {
        Signature signature = Signature.builder()
                .input("question")
                .input("context", listOf(STR), "passages that may hold the answer")
                .output("answer", STR, "a short fact")
                .output("confidence", FLOAT)
                .instructions("Answer from the context.")
                .build();
        assertEquals("question, context: list[str] -> answer, confidence: float", signature.text());
        assertEquals(Optional.of("passages that may hold the answer"), signature.inputs().get(1).description());
        assertEquals(Optional.of("Answer from the context."), signature.instructions());
    }

    @Test
    void toStringAddsInstructionsAndDescriptions() {
        assertEquals("a -> b", Signature.parse("a -> b").toString());
        Signature described = Signature.builder().input("q", STR, "it's asked").output("a", INT).instructions("Count.").build();
        assertEquals("q -> a: int {instructions='Count.', q='it\\'s asked'}", described.toString());
    }

    @Test
    void withInstructionsReplacesThem() {
        Signature signature = Signature.parse("a -> b").withInstructions("One.").withInstructions("Two.");
        assertEquals(Optional.of("Two."), signature.instructions());
        assertEquals("a -> b", signature.text());
    }

    @Test
    void instructionsAreSetOnceInABuilder() {
        Signature.Builder builder = Signature.builder().instructions("One.");
        assertEquals("instructions were set already",
                assertThrows(IllegalStateException.class, () -> builder.instructions("Two.")).getMessage());
    }

    @Test
    void needsAnInputAndAnOutput() {
        assertMessage("a signature needs at least one input field", () -> Signature.builder().output("a").build());
        assertMessage("a signature needs at least one output field", () -> Signature.builder().input("a").build());
    }

    @Test
    void namesAreUniqueAcrossBothSides() {
        assertMessage("the field name 'a' is used twice; inputs and outputs share one set of names",
                () -> Signature.builder().input("a").input("b").output("a").build());
        assertMessage("the field name 'b' is used twice; inputs and outputs share one set of names",
                () -> Signature.builder().input("a").input("b").input("b").output("c").build());
    }

    @Test
    void blankTextIsLeftOutNotGiven() {
        assertMessage("instructions are blank; leave them out instead", () -> Signature.parse("a -> b").withInstructions(" "));
        assertMessage("the description of field 'a' is blank; leave it out instead", () -> SignatureField.of("a", STR, "\t"));
    }

    @Test
    void aFieldNameIsAPythonIdentifier() {
        assertEquals("_x9", SignatureField.of("_x9").name());
        assertMessage("field name 'my-field' is not an identifier: use letters, digits and '_', not starting with a digit",
                () -> SignatureField.of("my-field"));
        assertMessage("field name '9lives' is not an identifier: use letters, digits and '_', not starting with a digit",
                () -> SignatureField.of("9lives"));
        assertMessage("field name '' is not an identifier: use letters, digits and '_', not starting with a digit",
                () -> SignatureField.of(""));
        assertMessage("field name 'caf\u00e9' is not an identifier: use letters, digits and '_', not starting with a digit",
                () -> SignatureField.of("caf\u00e9"));
        assertMessage("field name 'lambda' is a Python keyword, which DSPy cannot read as a field; choose another name",
                () -> SignatureField.of("lambda"));
    }

    @Test
    void keepsItsOwnCopiesOfTheFieldLists() {
        List<SignatureField> inputs = new java.util.ArrayList<>(List.of(SignatureField.of("a")));
        Signature signature = new Signature(inputs, List.of(SignatureField.of("b", literalOf("x"))), Optional.empty());
        inputs.add(SignatureField.of("c"));
        assertEquals("a -> b: Literal['x']", signature.text());
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action::run).getMessage());
    }
}
