package dev.pybridge.api.program;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * What one execution of a program produced: its outputs, the reasoning when its module reasons,
 * the tokens each model used, and the worker that served it.
 *
 * <pre>{@code
 * Prediction prediction = adapter.execute("qa", Map.of("question", "What is 6 * 7?"));
 * String answer = prediction.getString("answer");
 * Answer typed = prediction.as(Answer.class);   // a record whose components are the outputs
 * }</pre>
 *
 * @since 0.2
 */
public final class Prediction {

    private final String programId;
    private final Map<String, Object> outputs;
    private final Optional<String> reasoning;
    private final Map<String, TokenUsage> usage;
    private final String worker;
    private final OutputReader reader;

    private Prediction(String programId, Map<String, Object> outputs, Optional<String> reasoning,
            Map<String, TokenUsage> usage, String worker, OutputReader reader) {
        this.programId = requireNonNull(programId, "programId is null");
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(outputs, "outputs is null")));
        this.reasoning = requireNonNull(reasoning, "reasoning is null");
        this.usage = Map.copyOf(new TreeMap<>(requireNonNull(usage, "usage is null")));
        this.worker = requireNonNull(worker, "worker is null");
        this.reader = requireNonNull(reader, "reader is null");
    }

    /** For implementations of {@link Adapter}: a prediction whose typed access goes through {@code reader}. */
    public static Prediction of(String programId, Map<String, Object> outputs, Optional<String> reasoning,
            Map<String, TokenUsage> usage, String worker, OutputReader reader) {
        return new Prediction(programId, outputs, reasoning, usage, worker, reader);
    }

    /** The program that made it. */
    public String programId() {
        return programId;
    }

    /** The outputs by name, as JSON data, in the signature's order. */
    public Map<String, Object> outputs() {
        return outputs;
    }

    /** The module's reasoning ({@code chain_of_thought} and its kin), if it reasons. */
    public Optional<String> reasoning() {
        return reasoning;
    }

    /** Tokens used by model; empty when usage is not tracked. */
    public Map<String, TokenUsage> usage() {
        return usage;
    }

    /** The worker that served it, by its id ({@code pool-w2}). */
    public String worker() {
        return worker;
    }

    /**
     * The output {@code name}, as JSON data.
     *
     * @throws IllegalArgumentException if there is no such output, listing those there are
     */
    public Object get(String name) {
        if (!outputs.containsKey(name)) {
            throw new IllegalArgumentException("program " + programId + " has no output '" + name + "': its outputs are "
                    + String.join(", ", outputs.keySet()));
        }
        return outputs.get(name);
    }

    /**
     * The output {@code name} as a {@code type}.
     *
     * @throws IllegalArgumentException if there is no such output, or it does not fit {@code type}
     */
    public <T> T get(String name, Class<T> type) {
        Object value = get(name);
        try {
            return reader.read(value, type);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output '" + name + "' of program " + programId + " is not a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The output {@code name} as a string. */
    public String getString(String name) {
        return get(name, String.class);
    }

    /** The output {@code name} as a long. */
    public long getLong(String name) {
        return get(name, Long.class);
    }

    /** The output {@code name} as a double. */
    public double getDouble(String name) {
        return get(name, Double.class);
    }

    /** The output {@code name} as a boolean. */
    public boolean getBoolean(String name) {
        return get(name, Boolean.class);
    }

    /**
     * The outputs as a {@code type}, a record whose components are named like the outputs (see
     * {@link Signature#of}).
     *
     * @throws IllegalArgumentException if they do not fit it, saying which output and why
     */
    public <R extends Record> R as(Class<R> type) {
        try {
            return reader.read(outputs, type);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the outputs of program " + programId + " do not fit "
                    + type.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Prediction that && programId.equals(that.programId) && outputs.equals(that.outputs)
                && reasoning.equals(that.reasoning) && usage.equals(that.usage) && worker.equals(that.worker);
    }

    @Override
    public int hashCode() {
        return Objects.hash(programId, outputs, reasoning, usage, worker);
    }

    @Override
    public String toString() {
        return "Prediction[program=" + programId + ", outputs=" + outputs
                + reasoning.map(text -> ", reasoning=" + text).orElse("") + ", worker=" + worker + "]";
    }
}
