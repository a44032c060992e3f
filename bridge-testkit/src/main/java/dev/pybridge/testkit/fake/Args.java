package dev.pybridge.testkit.fake;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's arguments, checked as the real worker checks them: an unknown or missing argument,
 * or one of the wrong type, is {@code InvalidArguments} naming the argument, what was expected and
 * what came.
 */
final class Args {

    private final String command;
    private final Map<String, Object> values;

    private Args(String command, Map<String, Object> values) {
        this.command = command;
        this.values = values;
    }

    /** The arguments of {@code command}, which takes only {@code known}. */
    static Args of(String command, Map<String, Object> values, String... known) {
        Set<String> names = Set.of(known);
        for (String name : values.keySet()) {
            if (!names.contains(name)) {
                throw WorkerError.invalidArguments(command + ": unknown argument '" + name + "'; "
                        + (names.isEmpty() ? "it takes none" : "it takes " + String.join(", ", new TreeSet<>(names))));
            }
        }
        return new Args(command, values);
    }

    /** The argument {@code name}, which must be given (it may be null). */
    Object required(String name) {
        if (!values.containsKey(name)) {
            throw WorkerError.invalidArguments(command + ": missing argument '" + name + "'");
        }
        return values.get(name);
    }

    String string(String name) {
        return typed(name, required(name), String.class, "a string");
    }

    String string(String name, String otherwise) {
        return values.containsKey(name) ? typed(name, values.get(name), String.class, "a string") : otherwise;
    }

    /** A string or null. */
    String nullableString(String name) {
        Object value = values.get(name);
        return value == null ? null : typed(name, value, String.class, "a string or null");
    }

    boolean bool(String name, boolean otherwise) {
        return values.containsKey(name) ? typed(name, values.get(name), Boolean.class, "a boolean") : otherwise;
    }

    /** A number or null. */
    Number nullableNumber(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof Long || value instanceof BigInteger || value instanceof Double) {
            return (Number) value;
        }
        throw wrongType(name, "a number or null", value);
    }

    /** An integer or null. */
    Long nullableInteger(String name) {
        Object value = values.get(name);
        return value == null ? null : typed(name, value, Long.class, "an integer or null");
    }

    /** A boolean or null. */
    Boolean nullableBool(String name) {
        Object value = values.get(name);
        return value == null ? null : typed(name, value, Boolean.class, "a boolean or null");
    }

    List<?> list(String name, List<?> otherwise) {
        return values.containsKey(name) ? typed(name, values.get(name), List.class, "a list") : otherwise;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String name) {
        return typed(name, required(name), Map.class, "an object");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String name, Map<String, Object> otherwise) {
        return values.containsKey(name) ? typed(name, values.get(name), Map.class, "an object") : otherwise;
    }

    private <T> T typed(String name, Object value, Class<T> type, String expected) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw wrongType(name, expected, value);
    }

    private WorkerError wrongType(String name, String expected, Object value) {
        return WorkerError.invalidArguments(command + ": argument '" + name + "' expected " + expected + ", got " + describe(value));
    }

    /** A value's type as Python names it, for messages. */
    static String describe(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return value instanceof List ? "list" : value instanceof Map ? "dict" : value.getClass().getName();
    }
}
