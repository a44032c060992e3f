package dev.pybridge.testkit.fake;

import dev.pybridge.api.program.FieldType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link FakeProgram} from {@code create_program}'s arguments (or an
 * {@code execute_program} definition), checked as the real worker checks them
 * (python/PROTOCOL.md, "Program commands"): the signature object, the kind and its options.
 */
final class ProgramParser {

    private static final String WHOLE = "a whole number of at least 1";
    private static final Map<String, Map<String, String>> OPTIONS = Map.of(
            "predict", Map.of(),
            "chain_of_thought", Map.of(),
            "react", Map.of("tools", "an array of 'module:function' strings", "max_iters", WHOLE),
            "multi_chain_comparison", Map.of("m", WHOLE),
            "best_of_n", Map.of("n", WHOLE, "reward", "a 'module:function' string", "threshold", "a number"),
            "refine", Map.of("n", WHOLE, "reward", "a 'module:function' string", "threshold", "a number"));
    private static final Map<String, Object> DEFAULTS = Map.of("tools", List.of(), "max_iters", 10L, "m", 3L, "threshold", 1.0);

    private ProgramParser() {}

    /** The program that {@code args} (checked by {@code where}'s rules) describe. */
    static FakeProgram parse(String where, Args args) {
        String programId = nonEmpty(where, "program_id", args.string("program_id"));
        Map<String, Object> signature = args.map("signature");
        String kind = args.string("kind");
        Map<String, Object> options = options(where, kind, args.map("options", Map.of()));
        String lmScope = nonEmpty(where, "lm_scope", args.string("lm_scope", "default"));
        Args fields = Args.of(where + ": signature", signature, "inputs", "outputs", "instructions");
        List<?> inputs = fields.list("inputs", null);
        List<?> outputs = fields.list("outputs", null);
        if (inputs == null || outputs == null) {
            throw WorkerError.invalidArguments(where + ": signature needs 'inputs' and 'outputs'");
        }
        if (outputs.isEmpty()) {
            throw WorkerError.invalidArguments(where + ": signature: 'outputs' is empty; a signature needs at least one output field");
        }
        List<FakeProgram.Field> inputFields = fields(where + ": signature.inputs", inputs);
        List<FakeProgram.Field> outputFields = fields(where + ": signature.outputs", outputs);
        Set<String> seen = new HashSet<>();
        for (FakeProgram.Field field : concat(inputFields, outputFields)) {
            if (!seen.add(field.name())) {
                throw WorkerError.invalidArguments(where + ": signature: field name '" + field.name()
                        + "' is given twice; input and output names must all differ");
            }
        }
        return new FakeProgram(programId, kind, inputFields, outputFields, Optional.ofNullable(fields.nullableString("instructions")),
                options, lmScope, Optional.empty());
    }

    private static List<FakeProgram.Field> fields(String where, List<?> values) {
        List<FakeProgram.Field> fields = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof Map<?, ?> value)) {
                throw WorkerError.invalidArguments(where + "[" + i + "]: expected an object with 'name', 'type' and 'description', got "
                        + Args.describe(values.get(i)));
            }
            @SuppressWarnings("unchecked")
            Args field = Args.of(where + "[" + i + "]", (Map<String, Object>) value, "name", "type", "description");
            String name = nonEmpty(where + "[" + i + "]", "name", field.string("name"));
            String type = field.string("type", "str");
            field.nullableString("description");
            try {
                fields.add(new FakeProgram.Field(name, FieldType.parse(type)));
            }
            catch (IllegalArgumentException e) {
                throw WorkerError.invalidArguments(where + "[" + i + "] ('" + name + "'): type '" + type + "' is not one DSPy takes: "
                        + e.getMessage());
            }
        }
        return fields;
    }

    private static Map<String, Object> options(String where, String kind, Map<String, Object> given) {
        Map<String, String> allowed = OPTIONS.get(kind);
        if (allowed == null) {
            throw WorkerError.invalidArguments(where + ": unknown kind '" + kind + "'; the kinds are " + String.join(", ", new TreeSet<>(OPTIONS.keySet())));
        }
        for (String key : given.keySet()) {
            if (!allowed.containsKey(key)) {
                throw WorkerError.invalidArguments(where + ": unknown option '" + key + "' for kind '" + kind + "', which "
                        + (allowed.isEmpty() ? "takes no options" : "takes " + String.join(", ", new TreeSet<>(allowed.keySet()))));
            }
        }
        Map<String, Object> filled = new LinkedHashMap<>();
        for (String key : new TreeSet<>(allowed.keySet())) {
            String expected = allowed.get(key);
            if (!given.containsKey(key) && !DEFAULTS.containsKey(key)) {
                throw WorkerError.invalidArguments(where + ": kind '" + kind + "' needs option '" + key + "', " + expected);
            }
            Object value = given.containsKey(key) ? given.get(key) : DEFAULTS.get(key);
            if (!fits(expected, value)) {
                throw WorkerError.invalidArguments(where + ": option '" + key + "' expected " + expected + ", got " + Args.describe(value));
            }
            filled.put(key, expected.equals("a number") ? ((Number) value).doubleValue() : value);
        }
        return filled;
    }

    private static boolean fits(String expected, Object value) {
        return switch (expected) {
            case WHOLE -> value instanceof Long number && number >= 1;
            case "a number" -> value instanceof Long || value instanceof Double;
            case "a 'module:function' string" -> value instanceof String;
            default -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
        };
    }

    private static String nonEmpty(String where, String name, String value) {
        if (value.isEmpty()) {
            throw WorkerError.invalidArguments(where + ": argument '" + name + "' must not be empty");
        }
        return value;
    }

    private static List<FakeProgram.Field> concat(List<FakeProgram.Field> first, List<FakeProgram.Field> second) {
        List<FakeProgram.Field> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
