package dev.pybridge.api.program;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Derives a {@link Signature} from two records: one field per component, typed by {@link JavaTypes}. */
final class RecordSignatures {

    private RecordSignatures() {
    }

    static Signature of(Class<? extends Record> inputs, Class<? extends Record> outputs) {
        requireNonNull(inputs, "inputs is null");
        requireNonNull(outputs, "outputs is null");
        List<SignatureField> inputFields = fields(inputs, "input");
        List<SignatureField> outputFields = fields(outputs, "output");
        try {
            return new Signature(inputFields, outputFields, instructions(outputs).or(() -> instructions(inputs)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("records " + inputs.getName() + " and " + outputs.getName()
                    + " make no signature: " + e.getMessage(), e);
        }
    }

    private static List<SignatureField> fields(Class<? extends Record> record, String role) {
        RecordComponent[] components = record.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(record.getName() + " is not a record");
        }
        if (components.length == 0) {
            throw new IllegalArgumentException("record " + record.getName() + " has no components, and a signature needs at least one "
                    + role + " field");
        }
        List<SignatureField> fields = new ArrayList<>();
        for (RecordComponent component : components) {
            fields.add(field(record, component));
        }
        return fields;
    }

    private static SignatureField field(Class<?> record, RecordComponent component) {
        FieldType type = JavaTypes.fieldType(record, component);
        Description description = component.getAnnotation(Description.class);
        try {
            return new SignatureField(component.getName(), type, Optional.ofNullable(description).map(Description::value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("record " + record.getName() + ", component '" + component.getName()
                    + "': " + e.getMessage(), e);
        }
    }

    private static Optional<String> instructions(Class<?> record) {
        return Optional.ofNullable(record.getAnnotation(Instructions.class)).map(Instructions::value);
    }
}
