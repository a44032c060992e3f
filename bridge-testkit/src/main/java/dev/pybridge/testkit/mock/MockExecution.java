package dev.pybridge.testkit.mock;

import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.program.SignatureField;
import dev.pybridge.api.program.TokenUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One execution of a mock program: its outputs (scripted or by rule), its reasoning, and the
 * prompt and answer the test LMs would have exchanged, whose words are its usage.
 */
record MockExecution(String model, Map<String, Object> outputs, Optional<String> reasoning, String prompt, String text,
        TokenUsage usage) {

    /**
     * Answers {@code inputs}, which have crossed to Python already.
     *
     * @throws InvalidRequestException if no LM is configured, or the inputs are not the signature's
     * @throws IllegalStateException if the script gives what the program cannot answer
     */
    static MockExecution answer(MockProgram program, Optional<LmConfig> lm,
            Optional<Function<Map<String, Object>, Map<String, Object>>> script, Map<String, Object> inputs) {
        String model = lm.orElseThrow(() -> new InvalidRequestException(InvalidRequestException.Reason.LM_NOT_CONFIGURED,
                "program '" + program.id() + "' has no LM to call: configure one first with configureLm(LmConfig)")).model();
        Signature signature = program.spec().signature();
        requireInputs(program.id(), signature, inputs);
        Map<String, Object> outputs = RuleAnswers.outputs(signature, inputs);
        script.ifPresent(answer -> outputs.putAll(scripted(program.id(), signature, answer.apply(inputs))));
        Optional<String> reasoning = program.reasons() ? Optional.of(RuleAnswers.REASONING) : Optional.empty();
        Map<String, Object> answered = new LinkedHashMap<>();
        reasoning.ifPresent(text -> answered.put("reasoning", text));
        answered.putAll(outputs);
        String prompt = RuleAnswers.sections(inputs);
        String text = RuleAnswers.sections(answered);
        long promptWords = RuleAnswers.words(prompt);
        long answerWords = RuleAnswers.words(text);
        return new MockExecution(model, outputs, reasoning, prompt, text,
                new TokenUsage(promptWords, answerWords, promptWords + answerWords));
    }

    private static void requireInputs(String programId, Signature signature, Map<String, Object> inputs) {
        Set<String> expected = names(signature.inputs());
        if (expected.equals(inputs.keySet())) {
            return;
        }
        List<String> problems = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(inputs.keySet());
        Set<String> unknown = new LinkedHashSet<>(inputs.keySet());
        unknown.removeAll(expected);
        if (!missing.isEmpty()) {
            problems.add("missing " + String.join(", ", missing));
        }
        if (!unknown.isEmpty()) {
            problems.add("unknown " + String.join(", ", unknown));
        }
        throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS, "program '" + programId
                + "' takes the inputs " + String.join(", ", expected) + " (" + String.join("; ", problems) + ")");
    }

    private static Map<String, Object> scripted(String programId, Signature signature, Map<String, Object> given) {
        if (given == null) {
            throw new IllegalStateException("the answer scripted for program '" + programId + "' returned null: return the outputs by name");
        }
        Set<String> outputs = names(signature.outputs());
        Map<String, Object> values = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (!outputs.contains(name)) {
                throw new IllegalStateException("the answer scripted for program '" + programId + "' gives '" + name
                        + "', which is not one of its outputs (" + String.join(", ", outputs) + ")");
            }
            try {
                values.put(name, WireValues.received("output '" + name + "'", value));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalStateException("the answer scripted for program '" + programId + "' gives what Python could not send back: "
                        + e.getMessage(), e);
            }
        });
        return values;
    }

    private static Set<String> names(List<SignatureField> fields) {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(field -> names.add(field.name()));
        return names;
    }
}
