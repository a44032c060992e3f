package dev.pybridge.testkit.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pybridge.api.program.FieldType;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.program.SignatureField;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The answers of the test LMs (python/tests/fake_lms.py), in Java: every output by its type, so a
 * program of any signature gets outputs that fit it. A {@code str} is "{@code <field> to <first
 * input>}" ("answer to What is 2+2?"), or "because" for a field named {@code reasoning} or
 * {@code rationale}; a float 0.5, an int 1, a bool true; {@code list[str]} ["a", "b"], any other
 * list two of its item; a dict {}; a Literal its first value; {@code Optional[T]} as T.
 */
final class RuleAnswers {

    static final String REASONING = "because";

    private static final Set<String> REASONING_FIELDS = Set.of("reasoning", "rationale");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private RuleAnswers() {}

    /** The outputs of {@code signature} for {@code inputs}, in the signature's order. */
    static Map<String, Object> outputs(Signature signature, Map<String, ?> inputs) {
        String first = text(inputs.get(signature.inputs().get(0).name()));
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (SignatureField field : signature.outputs()) {
            outputs.put(field.name(), value(field.name(), field.type(), first));
        }
        return outputs;
    }

    private static Object value(String name, FieldType type, String first) {
        if (type instanceof FieldType.OptionalOf optional) {
            return value(name, optional.value(), first);
        }
        if (type instanceof FieldType.ListOf list) {
            return list.element() == FieldType.STR ? List.of("a", "b") : twice(value(name, list.element(), first));
        }
        if (type instanceof FieldType.LiteralOf literal) {
            return literal.values().get(0);
        }
        if (type instanceof FieldType.DictOf) {
            return Map.of();
        }
        return switch ((FieldType.Scalar) type) {
            case STR -> REASONING_FIELDS.contains(name) ? REASONING : name + " to " + first;
            case INT -> 1L;
            case FLOAT -> 0.5;
            case BOOL -> true;
        };
    }

    private static List<Object> twice(Object value) {
        return List.of(value, value);
    }

    /** A value as the LM reads it in a prompt: a string as it is, anything else as JSON. */
    static String text(Object value) {
        if (value instanceof String string) {
            return string;
        }
        try {
            return JSON.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Fields as DSPy's chat format writes them: {@code [[ ## name ## ]]} and the value, one after another. */
    static String sections(Map<String, ?> fields) {
        StringBuilder text = new StringBuilder();
        fields.forEach((name, value) -> text.append("[[ ## ").append(name).append(" ## ]]\n").append(text(value)).append("\n\n"));
        return text.toString().strip();
    }

    /** The words of {@code text}: how the test LMs count tokens. */
    static long words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }
}
