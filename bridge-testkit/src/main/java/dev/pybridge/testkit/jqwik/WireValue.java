package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.PyValues;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A value that can cross between Java and Python (see {@link PyValues}), as a type of its own, so that
 * a property asks for one by type ({@code @ForAll WireValue value}) without every {@code Object}
 * parameter of the suite turning into one. Compare with {@link #sameAs}, as Python sees values.
 *
 * @param value null, a Boolean, a Long or a BigInteger beyond the long range, a Double (NaN and the
 *     infinities too), a String (unpaired surrogates too), a byte[], or a List or a Map with String
 *     keys of such values
 * @since 0.2
 */
public record WireValue(Object value) {

    public WireValue {
        PyValues.requireSupported("value", value);
    }

    /** Whether {@code other} is this value as Python would see it ({@link PyValues#deepEquals}). */
    public boolean sameAs(Object other) {
        return PyValues.deepEquals(value, other);
    }

    /** The value with its types in sight: strings escaped beyond printable ASCII, bytes in hex, big integers marked. */
    @Override
    public String toString() {
        return describe(value);
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            StringBuilder quoted = new StringBuilder();
            WireJson.string(quoted, text);
            return quoted.toString();
        }
        if (value instanceof byte[] bytes) {
            return "bytes[" + HexFormat.of().formatHex(bytes) + "]";
        }
        if (value instanceof BigInteger big) {
            return big + "n";
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(entry -> describe(entry.getKey()) + ": " + describe(entry.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> || PyValues.kindOf(value) == PyValues.Kind.LIST) {
            return StreamSupport.stream(PyValues.elements(value).spliterator(), false).map(WireValue::describe)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }
}
