package dev.pybridge.testkit.fake;

import dev.pybridge.api.program.FieldType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A program the fake worker built: what {@code create_program} (or a definition) gave, and the
 * state loaded into it. Its state has the shape of DSPy's {@code dump_state()}: a {@code predict}
 * program's is its predictor's, every other kind's maps its one predictor, {@code predict}, to it.
 */
record FakeProgram(String id, String kind, List<Field> inputs, List<Field> outputs, Optional<String> instructions,
        Map<String, Object> options, String lmScope, Optional<Map<String, Object>> loadedState) {

    /** The kinds whose prediction carries reasoning (every kind but {@code predict}). */
    static final Set<String> REASONING_KINDS = Set.of("chain_of_thought", "react", "multi_chain_comparison", "best_of_n", "refine");

    /** One field: its name and type. */
    record Field(String name, FieldType type) {

        /** The field in DSPy's string form: the name, with its type unless it is {@code str}. */
        String text() {
            return type == FieldType.STR ? name : name + ": " + type.pythonForm();
        }
    }

    FakeProgram {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    boolean reasons() {
        return REASONING_KINDS.contains(kind);
    }

    /** The program's info, as {@code create_program}, {@code get_program} and {@code list_programs} answer it. */
    Map<String, Object> info() {
        List<String> outputNames = new ArrayList<>(outputs.stream().map(Field::name).toList());
        if (reasons() && !outputNames.contains("reasoning")) {
            outputNames.add("reasoning");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("program_id", id);
        info.put("kind", kind);
        info.put("signature", inputs.stream().map(Field::text).collect(Collectors.joining(", ")) + " -> "
                + outputs.stream().map(Field::text).collect(Collectors.joining(", ")));
        info.put("inputs", inputs.stream().map(Field::name).toList());
        info.put("outputs", outputNames);
        info.put("options", options);
        info.put("lm_scope", lmScope);
        return info;
    }

    /** The state {@code save_program} answers: the one loaded last, else a fresh predictor's. */
    Map<String, Object> state() {
        return loadedState.orElseGet(() -> kind.equals("predict") ? predictorState() : Map.of("predict", predictorState()));
    }

    FakeProgram withState(Map<String, Object> state) {
        return new FakeProgram(id, kind, inputs, outputs, instructions, options, lmScope, Optional.of(state));
    }

    private Map<String, Object> predictorState() {
        List<Object> fields = new ArrayList<>();
        for (Field field : inputs) {
            fields.add(Map.of("prefix", field.name() + ":", "description", "${" + field.name() + "}"));
        }
        for (Field field : outputs) {
            fields.add(Map.of("prefix", field.name() + ":", "description", "${" + field.name() + "}"));
        }
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("instructions", instructions.orElse("Given the fields " + inputs.stream().map(Field::name)
                .collect(Collectors.joining(", ")) + ", produce the fields " + outputs.stream().map(Field::name)
                .collect(Collectors.joining(", ")) + "."));
        signature.put("fields", fields);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("traces", List.of());
        state.put("train", List.of());
        state.put("demos", List.of());
        state.put("signature", signature);
        state.put("lm", null);
        return state;
    }
}
