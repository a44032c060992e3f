package dev.pybridge.api.program;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One input or output of a {@link Signature}: its name, its type and, if given, a description that
 * DSPy shows the language model.
 *
 * @param name a Python identifier ({@code [A-Za-z_][A-Za-z0-9_]*}) that is not a Python keyword:
 *     DSPy reads a signature's fields as Python parameters
 * @param type the field's type
 * @param description what the field holds, in words for the model; never blank when present
 * @since 0.2
 */
public record SignatureField(String name, FieldType type, Optional<String> description) {

    public SignatureField {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
        if (!Identifiers.isIdentifier(name)) {
            throw new IllegalArgumentException("field name " + PythonStrings.quote(name)
                    + " is not an identifier: use letters, digits and '_', not starting with a digit");
        }
        if (Identifiers.isKeyword(name)) {
            throw new IllegalArgumentException("field name '" + name
                    + "' is a Python keyword, which DSPy cannot read as a field; choose another name");
        }
        if (description.isPresent() && description.get().isBlank()) {
            throw new IllegalArgumentException("the description of field '" + name + "' is blank; leave it out instead");
        }
    }

    /** A {@code str} field without a description. */
    public static SignatureField of(String name) {
        return of(name, FieldType.STR);
    }

    /** A field of the given type without a description. */
    public static SignatureField of(String name, FieldType type) {
        return new SignatureField(name, type, Optional.empty());
    }

    /** A field of the given type with a description. */
    public static SignatureField of(String name, FieldType type, String description) {
        return new SignatureField(name, type, Optional.of(requireNonNull(description, "description is null")));
    }

    /** How the field is written in a signature's string form: the bare name for {@code str}, else {@code name: type}. */
    String text() {
        return type == FieldType.STR ? name : name + ": " + type.pythonForm();
    }
}
