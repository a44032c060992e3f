package dev.pybridge.testkit.mock;

import dev.pybridge.api.PyValues;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value as a real bridge hands it back after a trip through Python (see {@link PyValues}): whole
 * numbers as {@code Long} (or {@code BigInteger} outside its range), floats as {@code Double},
 * characters as {@code String}, collections and arrays as unmodifiable lists, maps unmodifiable in
 * their order. A suite that passes on the mock then sees the types the real bridge gives it.
 */
final class WireValues {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private WireValues() {}

    /**
     * {@code value} as it would come back.
     *
     * @throws IllegalArgumentException if it cannot cross to Python, naming it as {@code name}
     */
    static Object received(String name, Object value) {
        PyValues.requireSupported(name, value);
        return copy(value);
    }

    private static Object copy(Object value) {
        return switch (PyValues.kindOf(value)) {
            case NONE, BOOLEAN, REF -> value;
            case INTEGER -> ((Number) value).longValue();
            case BIG_INTEGER -> fitsLong((BigInteger) value) ? ((BigInteger) value).longValue() : value;
            case FLOAT -> ((Number) value).doubleValue();
            case STRING -> value.toString();
            case BYTES -> ((byte[]) value).clone();
            case ARRAY -> PyValues.toNdArray(value);
            case LIST -> list(value);
            case MAP -> map((Map<?, ?>) value);
        };
    }

    private static boolean fitsLong(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }

    private static List<Object> list(Object value) {
        List<Object> copy = new ArrayList<>();
        PyValues.elements(value).forEach(element -> copy.add(copy(element)));
        return Collections.unmodifiableList(copy);
    }

    private static Map<String, Object> map(Map<?, ?> value) {
        Map<String, Object> copy = new LinkedHashMap<>();
        value.forEach((key, element) -> copy.put((String) key, copy(element)));
        return Collections.unmodifiableMap(copy);
    }
}
