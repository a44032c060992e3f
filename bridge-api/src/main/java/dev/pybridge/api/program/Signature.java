package dev.pybridge.api.program;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * What a DSPy program takes and gives: its input fields, its output fields and, optionally, the
 * instructions DSPy puts before them in the prompt.
 *
 * <p>Three ways to make one:
 * <ul>
 *   <li>{@link #parse(String)} reads DSPy's string form,
 *       {@code "question, context: list[str] -> answer, confidence: float"};</li>
 *   <li>{@link #builder()} adds the fields one by one, with descriptions;</li>
 *   <li>{@link #of(Class, Class)} derives the fields from the components of two records, with
 *       descriptions from {@link Description} and instructions from {@link Instructions}.</li>
 * </ul>
 *
 * <p>{@link #text()} writes the string form, which {@code parse} reads back to an equal signature
 * when there are no descriptions or instructions (the string form has no place for them).
 *
 * @param inputs the input fields, in order; at least one
 * @param outputs the output fields, in order; at least one
 * @param instructions what DSPy tells the model the task is; never blank when present
 * @since 0.2
 */
public record Signature(List<SignatureField> inputs, List<SignatureField> outputs, Optional<String> instructions) {

    public Signature {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        requireNonNull(instructions, "instructions is null");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a signature needs at least one input field");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a signature needs at least one output field");
        }
        requireUniqueNames(inputs, outputs);
        if (instructions.isPresent() && instructions.get().isBlank()) {
            throw new IllegalArgumentException("instructions are blank; leave them out instead");
        }
    }

    private static void requireUniqueNames(List<SignatureField> inputs, List<SignatureField> outputs) {
        Set<String> seen = new HashSet<>();
        for (SignatureField field : concat(inputs, outputs)) {
            if (!seen.add(field.name())) {
                throw new IllegalArgumentException("the field name '" + field.name()
                        + "' is used twice; inputs and outputs share one set of names");
            }
        }
    }

    private static List<SignatureField> concat(List<SignatureField> inputs, List<SignatureField> outputs) {
        return Stream.concat(inputs.stream(), outputs.stream()).collect(Collectors.toList());
    }

    /**
     * Reads DSPy's string form: comma-separated fields on each side of one {@code ->}, each a bare
     * name (a {@code str}) or {@code name: type} with a type as {@link FieldType#parse(String)} reads
     * it. Spaces, tabs and line breaks may surround any part. The result has no descriptions and no
     * instructions.
     *
     * <p>This accepts a strict subset of what DSPy accepts, so that DSPy reads every signature this
     * accepts the same way: no trailing comma, no side without fields, and only the types
     * {@link FieldType} has.
     *
     * @throws SignatureSyntaxException if {@code text} is not in that form; its position says where
     */
    public static Signature parse(String text) {
        return SignatureParser.parseSignature(requireNonNull(text, "text is null"));
    }

    /**
     * The signature whose inputs are the components of the record {@code inputs} and whose outputs
     * are those of {@code outputs}, in declaration order, typed as the Java types map to Python's:
     *
     * <table>
     *   <caption>Java types and the DSPy types they become</caption>
     *   <tr><th>Java</th><th>DSPy</th></tr>
     *   <tr><td>{@code String}</td><td>{@code str}</td></tr>
     *   <tr><td>{@code int}, {@code long}, {@code short}, {@code byte}, their boxes, {@code BigInteger}</td><td>{@code int}</td></tr>
     *   <tr><td>{@code double}, {@code float}, their boxes, {@code BigDecimal}</td><td>{@code float}</td></tr>
     *   <tr><td>{@code boolean}, {@code Boolean}</td><td>{@code bool}</td></tr>
     *   <tr><td>{@code List<T>}, {@code Collection<T>}, {@code Set<T>}</td><td>{@code list[T]}</td></tr>
     *   <tr><td>{@code Map<String, V>}</td><td>{@code dict[str, V]}</td></tr>
     *   <tr><td>an enum</td><td>{@code Literal} of its constants' names</td></tr>
     *   <tr><td>{@code Optional<T>}, {@code OptionalInt}, {@code OptionalLong}, {@code OptionalDouble}</td><td>{@code Optional[T]}</td></tr>
     * </table>
     *
     * <p>A component's {@link Description} becomes its field's description. The instructions come
     * from {@link Instructions} on {@code outputs}, else on {@code inputs}, else there are none.
     *
     * @throws IllegalArgumentException if a component has a type outside that table (a nested
     *     record too), naming the record, the component and its type; or if a record has no
     *     components, or the two share a component name
     */
    public static Signature of(Class<? extends Record> inputs, Class<? extends Record> outputs) {
        return RecordSignatures.of(inputs, outputs);
    }

    /** A builder that adds fields one at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** This signature with {@code instructions} in place of its own. */
    public Signature withInstructions(String instructions) {
        return new Signature(inputs, outputs, Optional.of(requireNonNull(instructions, "instructions is null")));
    }

    /**
     * DSPy's string form of this signature: {@code question, context: list[str] -> answer,
     * confidence: float}. A {@code str} field is written as its bare name. Descriptions and
     * instructions are left out.
     */
    public String text() {
        return side(inputs) + " -> " + side(outputs);
    }

    private static String side(List<SignatureField> fields) {
        return fields.stream().map(SignatureField::text).collect(Collectors.joining(", "));
    }

    /**
     * {@link #text()}, followed by the instructions and descriptions if there are any:
     * {@code question -> answer {instructions='Answer briefly.', question='asked by a user'}}.
     */
    @Override
    public String toString() {
        List<String> notes = new ArrayList<>();
        instructions.ifPresent(value -> notes.add("instructions=" + PythonStrings.quote(value)));
        for (SignatureField field : concat(inputs, outputs)) {
            field.description().ifPresent(value -> notes.add(field.name() + "=" + PythonStrings.quote(value)));
        }
        return notes.isEmpty() ? text() : text() + " {" + String.join(", ", notes) + "}";
    }

    /**
     * Collects fields in order, then makes the {@link Signature}. Each field is checked when it is
     * added (its name, its description); the signature as a whole (an input and an output at least,
     * no name twice) when {@link #build()} is called.
     *
     * @since 0.2
     */
    public static final class Builder {

        private final List<SignatureField> inputs = new ArrayList<>();
        private final List<SignatureField> outputs = new ArrayList<>();
        private Optional<String> instructions = Optional.empty();

        private Builder() {
        }

        /** Adds a {@code str} input. */
        public Builder input(String name) {
            return input(SignatureField.of(name));
        }

        /** Adds an input of the given type. */
        public Builder input(String name, FieldType type) {
            return input(SignatureField.of(name, type));
        }

        /** Adds an input of the given type, with a description. */
        public Builder input(String name, FieldType type, String description) {
            return input(SignatureField.of(name, type, description));
        }

        /** Adds an input. */
        public Builder input(SignatureField field) {
            inputs.add(requireNonNull(field, "field is null"));
            return this;
        }

        /** Adds a {@code str} output. */
        public Builder output(String name) {
            return output(SignatureField.of(name));
        }

        /** Adds an output of the given type. */
        public Builder output(String name, FieldType type) {
            return output(SignatureField.of(name, type));
        }

        /** Adds an output of the given type, with a description. */
        public Builder output(String name, FieldType type, String description) {
            return output(SignatureField.of(name, type, description));
        }

        /** Adds an output. */
        public Builder output(SignatureField field) {
            outputs.add(requireNonNull(field, "field is null"));
            return this;
        }

        /**
         * Sets the instructions.
         *
         * @throws IllegalStateException if they were set already
         */
        public Builder instructions(String value) {
            requireNonNull(value, "instructions is null");
            if (instructions.isPresent()) {
                throw new IllegalStateException("instructions were set already");
            }
            instructions = Optional.of(value);
            return this;
        }

        /**
         * The signature.
         *
         * @throws IllegalArgumentException if there is no input or no output, a name is used twice,
         *     or the instructions are blank
         */
        public Signature build() {
            return new Signature(inputs, outputs, instructions);
        }
    }
}
