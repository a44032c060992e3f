package dev.pybridge.testkit.fake;

import dev.pybridge.api.program.FieldType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@code execute_program} answers on the fake worker: the answers of the tests' answering
 * LM (python/tests/fake_lms.py, {@code answering}), which fills every output field by its type. A
 * {@code str} field is {@code "<field> to <the first input>"} ({@code "because"} for a reasoning
 * field), {@code float} 0.5, {@code int} 1, {@code bool} true, {@code list[str]} {@code ["a", "b"]}
 * (other lists two of their item), {@code dict} empty, a {@code Literal} its first value,
 * {@code Optional[T]} as {@code T}. Every kind but {@code predict} reasons {@code "because"}. Each
 * execution is one LM exchange, whose usage counts the words of the request and of the answer.
 */
final class AnsweringLm {

    private AnsweringLm() {}

    /** The result of {@code execute_program} for {@code program} on {@code inputs} (already checked), on LM {@code model}. */
    static Map<String, Object> execute(FakeProgram program, Map<String, Object> inputs, String model, String workerId) {
        String firstInput = program.inputs().isEmpty() ? "" : text(inputs.get(program.inputs().get(0).name()));
        Map<String, Object> outputs = new LinkedHashMap<>();
        program.outputs().forEach(field -> outputs.put(field.name(), value(field.name(), field.type(), firstInput)));
        String reasoning = program.reasons() ? "because" : null;
        String request = sections(program.inputs().stream().map(field -> Map.entry(field.name(), text(inputs.get(field.name())))).toList());
        List<Map.Entry<String, String>> answered = new ArrayList<>();
        if (reasoning != null) {
            answered.add(Map.entry("reasoning", reasoning));
        }
        outputs.forEach((name, value) -> answered.add(Map.entry(name, text(value))));
        String answer = sections(answered) + "\n\n[[ ## completed ## ]]";
        Map<String, Object> usage = usage(words(request), words(answer));

        Map<String, Object> exchange = new LinkedHashMap<>();
        exchange.put("model", model);
        exchange.put("messages", List.of(Map.of("role", "user", "content", request)));
        exchange.put("prompt", null);
        exchange.put("outputs", List.of(answer));
        exchange.put("usage", usage);
        exchange.put("cost", null);
        exchange.put("timestamp", Instant.now().toString());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("outputs", outputs);
        result.put("reasoning", reasoning);
        result.put("usage", Map.of(model, usage));
        result.put("lm_calls", List.of(exchange));
        result.put("worker", workerId);
        return result;
    }

    /** The answer to output field {@code name} of type {@code type}. */
    static Object value(String name, FieldType type, String firstInput) {
        if (type instanceof FieldType.OptionalOf optional) {
            return value(name, optional.value(), firstInput);
        }
        if (type instanceof FieldType.ListOf list) {
            return list.element() == FieldType.STR ? List.of("a", "b")
                    : List.of(value(name, list.element(), firstInput), value(name, list.element(), firstInput));
        }
        if (type instanceof FieldType.LiteralOf literal) {
            return literal.values().get(0);
        }
        if (type == FieldType.STR) {
            return name.equals("reasoning") || name.equals("rationale") ? "because" : name + " to " + firstInput;
        }
        if (type == FieldType.INT) {
            return 1L;
        }
        if (type == FieldType.FLOAT) {
            return 0.5;
        }
        return type == FieldType.BOOL ? Boolean.TRUE : Map.of();
    }

    private static String sections(List<Map.Entry<String, String>> fields) {
        List<String> sections = new ArrayList<>();
        fields.forEach(field -> sections.add("[[ ## " + field.getKey() + " ## ]]\n" + field.getValue()));
        return String.join("\n\n", sections);
    }

    // A value as the LM's text shows it: a string as itself, anything else as JSON.
    private static String text(Object value) {
        return value instanceof String string ? string : WireValues.encode(value, "$").toString();
    }

    private static Map<String, Object> usage(long prompt, long completion) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    private static long words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
