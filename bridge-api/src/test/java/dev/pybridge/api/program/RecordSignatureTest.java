package dev.pybridge.api.program;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

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

class RecordSignatureTest {

    record Scalars(String s, int i, Integer boxedI, long l, Long boxedL, short sh, Short boxedSh, byte b, Byte boxedB,
            BigInteger big, double d, Double boxedD, float f, Float boxedF, BigDecimal decimal, boolean flag, Boolean boxedFlag) {
    }

    enum Mood { HAPPY, SAD, MEH }

    record Containers(List<String> list, Collection<Integer> collection, Set<Double> set, Map<String, Boolean> map,
            Mood mood, Optional<String> maybe, OptionalInt maybeInt, OptionalLong maybeLong, OptionalDouble maybeDouble,
            Map<String, List<Optional<Mood>>> nested, List<? extends Double> bounded, Optional<Optional<Integer>> twice) {
    }

    record Question(@Description("what the user asked") String question, List<String> context) {
    }

    @Instructions("Answer from the context, in one sentence.")
    record Answer(@Description("one sentence") String answer, double confidence) {
    }

    @Instructions("Inputs' instructions.")
    record Described(String text) {
    }

    record Plain(String reply) {
    }

    @Test
    void mapsEveryScalar() {
        Signature signature = Signature.of(Scalars.class, Plain.class);
        assertEquals("s, i: int, boxedI: int, l: int, boxedL: int, sh: int, boxedSh: int, b: int, boxedB: int, big: int, "
                + "d: float, boxedD: float, f: float, boxedF: float, decimal: float, flag: bool, boxedFlag: bool -> reply",
                signature.text());
    }

    @Test
    void mapsContainersEnumsAndOptionals() {
        Signature signature = Signature.of(Containers.class, Plain.class);
        assertEquals(List.of(
                SignatureField.of("list", listOf(STR)),
                SignatureField.of("collection", listOf(INT)),
                SignatureField.of("set", listOf(FLOAT)),
                SignatureField.of("map", dictOf(STR, BOOL)),
                SignatureField.of("mood", literalOf("HAPPY", "SAD", "MEH")),
                SignatureField.of("maybe", optionalOf(STR)),
                SignatureField.of("maybeInt", optionalOf(INT)),
                SignatureField.of("maybeLong", optionalOf(INT)),
                SignatureField.of("maybeDouble", optionalOf(FLOAT)),
                SignatureField.of("nested", dictOf(STR, listOf(optionalOf(literalOf("HAPPY", "SAD", "MEH"))))),
                SignatureField.of("bounded", listOf(FLOAT)),
                SignatureField.of("twice", optionalOf(INT))), signature.inputs());
    }

    @Test
    void takesDescriptionsFromComponentsAndInstructionsFromTheOutputs() {
        Signature signature = Signature.of(Question.class, Answer.class);
        assertEquals(Signature.builder()
                .input("question", STR, "what the user asked")
                .input("context", listOf(STR))
                .output("answer", STR, "one sentence")
                .output("confidence", FLOAT)
                .instructions("Answer from the context, in one sentence.")
                .build(), signature);
    }

    @Test
    void takesInstructionsFromTheInputsWhenTheOutputsHaveNone() {
        assertEquals(Optional.of("Inputs' instructions."), Signature.of(Described.class, Plain.class).instructions());
        assertEquals(Optional.of("Answer from the context, in one sentence."),
                Signature.of(Described.class, Answer.class).instructions());
        assertEquals(Optional.empty(), Signature.of(Question.class, Plain.class).instructions());
    }

    @Test
    void theDescriptionIsVisibleWhereTheJdkPropagatesIt() throws ReflectiveOperationException {
        assertEquals("one sentence", Answer.class.getMethod("answer").getAnnotation(Description.class).value());
        assertEquals("one sentence", Answer.class.getDeclaredField("answer").getAnnotation(Description.class).value());
        assertEquals("one sentence", Answer.class.getDeclaredConstructor(String.class, double.class)
                .getParameters()[0].getAnnotation(Description.class).value());
    }

    record WithInstant(String text, Instant when) {
    }

    record WithListOfInstants(List<Instant> whens) {
    }

    record WithNestedRecord(Plain inner) {
    }

    record WithIntegerKeys(Map<Integer, String> byNumber) {
    }

    record WithRawList(@SuppressWarnings("rawtypes") List items) {
    }

    record WithArray(String[] items) {
    }

    record WithWildcard(List<?> items) {
    }

    record Empty() {
    }

    enum Nothing { }

    record WithEmptyEnum(Nothing nothing) {
    }

    record WithPythonKeyword(String from) {
    }

    record Generic<T>(T value) {
    }

    @Test
    void anUnsupportedTypeNamesTheRecordTheComponentAndTheTypes() {
        String supported = "; supported types: String (str); int, long, short, byte, their boxes and BigInteger (int); "
                + "double, float, their boxes and BigDecimal (float); boolean and Boolean (bool); "
                + "List<T>, Collection<T> and Set<T> (list[T]); Map<String, V> (dict[str, V]); an enum (Literal of its names); "
                + "Optional<T> (Optional[T]); OptionalInt, OptionalLong and OptionalDouble";
        String prefix = "record " + RecordSignatureTest.class.getName() + "$";
        assertMessage(prefix + "WithInstant, component 'when' has type java.time.Instant, which has no DSPy type" + supported,
                WithInstant.class);
        assertMessage(prefix + "WithListOfInstants, component 'whens' has type java.util.List<java.time.Instant>, "
                + "in which java.time.Instant has no DSPy type" + supported, WithListOfInstants.class);
        assertMessage(prefix + "WithNestedRecord, component 'inner' has type " + Plain.class.getName()
                + ", which is a nested record, which is not supported yet: flatten its components" + supported, WithNestedRecord.class);
        assertMessage(prefix + "WithIntegerKeys, component 'byNumber' has type java.util.Map<java.lang.Integer, java.lang.String>, "
                + "which has keys that are not String" + supported, WithIntegerKeys.class);
        assertMessage(prefix + "WithRawList, component 'items' has type java.util.List, which is raw: give its type arguments"
                + supported, WithRawList.class);
        assertMessage(prefix + "WithArray, component 'items' has type java.lang.String[], which has no DSPy type" + supported,
                WithArray.class);
        assertMessage(prefix + "WithEmptyEnum, component 'nothing' has type " + Nothing.class.getName()
                + ", which is an enum without constants, and a Literal needs at least one" + supported, WithEmptyEnum.class);
        assertMessage(prefix + "WithWildcard, component 'items' has type java.util.List<?>, in which ? has no DSPy type" + supported,
                WithWildcard.class);
        assertMessage(prefix + "Generic, component 'value' has type T, which has no DSPy type" + supported, Generic.class);
    }

    @Test
    void aRecordNeedsComponentsWithPythonNames() {
        String prefix = "record " + RecordSignatureTest.class.getName() + "$";
        assertEquals(prefix + "Empty has no components, and a signature needs at least one input field",
                assertThrows(IllegalArgumentException.class, () -> Signature.of(Empty.class, Plain.class)).getMessage());
        assertEquals(prefix + "Empty has no components, and a signature needs at least one output field",
                assertThrows(IllegalArgumentException.class, () -> Signature.of(Plain.class, Empty.class)).getMessage());
        assertEquals(prefix + "WithPythonKeyword, component 'from': field name 'from' is a Python keyword, "
                + "which DSPy cannot read as a field; choose another name",
                assertThrows(IllegalArgumentException.class, () -> Signature.of(WithPythonKeyword.class, Plain.class)).getMessage());
    }

    @Test
    void theTwoRecordsShareNoName() {
        assertEquals("records " + Plain.class.getName() + " and " + Plain.class.getName()
                + " make no signature: the field name 'reply' is used twice; inputs and outputs share one set of names",
                assertThrows(IllegalArgumentException.class, () -> Signature.of(Plain.class, Plain.class)).getMessage());
    }

    private static void assertMessage(String expected, Class<? extends Record> inputs) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Signature.of(inputs, Plain.class)).getMessage());
    }
}
