package dev.pybridge.api.program;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The type of a {@link SignatureField}: one of the Python types a DSPy signature can name.
 *
 * <p>The types are the scalars {@link #STR}, {@link #INT}, {@link #FLOAT} and {@link #BOOL}, and
 * {@code list[T]}, {@code dict[K, V]}, {@code Literal['a', 'b']} and {@code Optional[T]} over them,
 * nested to any depth. {@link #pythonForm()} writes a type as Python's {@code typing} does, and
 * {@link #parse(String)} reads it back.
 *
 * <p>{@code Optional[Optional[T]]} is {@code Optional[T]}, in Python's {@code typing} and here:
 * an {@link OptionalOf} of an {@code OptionalOf} is flattened when it is made, so both forms parse
 * to the same value. A dictionary's key is a scalar or a {@code Literal}, the types Python can hash
 * and JSON can carry as an object key.
 *
 * @since 0.2
 */
public sealed interface FieldType {

    /** Python's {@code str}. */
    FieldType STR = Scalar.STR;

    /** Python's {@code int}. */
    FieldType INT = Scalar.INT;

    /** Python's {@code float}. */
    FieldType FLOAT = Scalar.FLOAT;

    /** Python's {@code bool}. */
    FieldType BOOL = Scalar.BOOL;

    /** This type as Python's {@code typing} writes it: {@code list[str]}, {@code dict[str, int]}, {@code Optional[bool]}. */
    String pythonForm();

    /**
     * Reads a type written as in a DSPy signature: {@code str}, {@code int}, {@code float},
     * {@code bool}, {@code list[T]} (or {@code List[T]}), {@code dict[K, V]} (or {@code Dict[K, V]}),
     * {@code Optional[T]} and {@code Literal['a', "b"]}, with any spacing.
     *
     * @throws SignatureSyntaxException if {@code text} is not one of those forms; its position
     *     says where
     */
    static FieldType parse(String text) {
        return SignatureParser.parseType(requireNonNull(text, "text is null"));
    }

    /** {@code list[element]}. */
    static FieldType listOf(FieldType element) {
        return new ListOf(element);
    }

    /** {@code dict[key, value]}. */
    static FieldType dictOf(FieldType key, FieldType value) {
        return new DictOf(key, value);
    }

    /** {@code Literal['a', 'b']}: one of the given strings. */
    static FieldType literalOf(String... values) {
        requireNonNull(values, "values is null");
        return new LiteralOf(List.of(values));
    }

    /** {@code Optional[value]}: the value or {@code None}. */
    static FieldType optionalOf(FieldType value) {
        return new OptionalOf(value);
    }

    /**
     * A type with no parameters: {@code str}, {@code int}, {@code float} or {@code bool}.
     *
     * @since 0.2
     */
    enum Scalar implements FieldType {
        /** Python's {@code str}. */
        STR("str"),
        /** Python's {@code int}. */
        INT("int"),
        /** Python's {@code float}. */
        FLOAT("float"),
        /** Python's {@code bool}. */
        BOOL("bool");

        private final String pythonForm;

        Scalar(String pythonForm) {
            this.pythonForm = pythonForm;
        }

        @Override
        public String pythonForm() {
            return pythonForm;
        }

        @Override
        public String toString() {
            return pythonForm;
        }
    }

    /**
     * {@code list[element]}.
     *
     * @param element the type of each element
     * @since 0.2
     */
    record ListOf(FieldType element) implements FieldType {

        public ListOf {
            requireNonNull(element, "element is null");
        }

        @Override
        public String pythonForm() {
            return "list[" + element.pythonForm() + "]";
        }

        @Override
        public String toString() {
            return pythonForm();
        }
    }

    /**
     * {@code dict[key, value]}.
     *
     * @param key the type of each key: a {@link Scalar} or a {@link LiteralOf}
     * @param value the type of each value
     * @since 0.2
     */
    record DictOf(FieldType key, FieldType value) implements FieldType {

        public DictOf {
            requireNonNull(key, "key is null");
            requireNonNull(value, "value is null");
            if (!isKeyType(key)) {
                throw new IllegalArgumentException("a dict key must be str, int, float, bool or a Literal, not "
                        + key.pythonForm() + ": Python cannot hash it, nor JSON carry it as a key");
            }
        }

        /** Whether {@code type} can be a dictionary key: a scalar or a {@code Literal}. */
        static boolean isKeyType(FieldType type) {
            return type instanceof Scalar || type instanceof LiteralOf;
        }

        @Override
        public String pythonForm() {
            return "dict[" + key.pythonForm() + ", " + value.pythonForm() + "]";
        }

        @Override
        public String toString() {
            return pythonForm();
        }
    }

    /**
     * {@code Literal['a', 'b']}: one of a fixed set of strings.
     *
     * @param values the strings, in order; at least one, none twice
     * @since 0.2
     */
    record LiteralOf(List<String> values) implements FieldType {

        public LiteralOf {
            values = List.copyOf(requireNonNull(values, "values is null"));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a Literal needs at least one value");
            }
            Set<String> seen = new HashSet<>();
            for (String value : values) {
                if (!seen.add(value)) {
                    throw new IllegalArgumentException("a Literal holds " + PythonStrings.quote(value) + " twice");
                }
            }
        }

        @Override
        public String pythonForm() {
            return values.stream().map(PythonStrings::quote).collect(Collectors.joining(", ", "Literal[", "]"));
        }

        @Override
        public String toString() {
            return pythonForm();
        }
    }

    /**
     * {@code Optional[value]}: the value or {@code None}. An {@code OptionalOf} of an
     * {@code OptionalOf} is flattened to one, as Python's {@code typing} flattens it.
     *
     * @param value the type when a value is present; never itself an {@code OptionalOf}
     * @since 0.2
     */
    record OptionalOf(FieldType value) implements FieldType {

        public OptionalOf {
            requireNonNull(value, "value is null");
            if (value instanceof OptionalOf nested) {
                value = nested.value();
            }
        }

        @Override
        public String pythonForm() {
            return "Optional[" + value.pythonForm() + "]";
        }

        @Override
        public String toString() {
            return pythonForm();
        }
    }
}
