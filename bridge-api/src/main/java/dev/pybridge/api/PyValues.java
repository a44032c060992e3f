package dev.pybridge.api;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The values that cross between Java and Python, and the checks that keep anything else out.
 *
 * <table>
 *   <caption>Value mapping</caption>
 *   <tr><th>Java, sent</th><th>Python</th><th>Java, received</th></tr>
 *   <tr><td>{@code null}</td><td>{@code None}</td><td>{@code null}</td></tr>
 *   <tr><td>{@code Boolean}</td><td>{@code bool}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>{@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code BigInteger}</td>
 *       <td>{@code int}</td><td>{@code Long}, or {@code BigInteger} outside the long range</td></tr>
 *   <tr><td>{@code Float}, {@code Double} (NaN and infinities too)</td><td>{@code float}</td><td>{@code Double}</td></tr>
 *   <tr><td>{@code String}, {@code Character}</td><td>{@code str}</td><td>{@code String}</td></tr>
 *   <tr><td>{@code byte[]}</td><td>{@code bytes}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@link NdArray}, {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}</td>
 *       <td>{@code numpy.ndarray} ({@code array.array} or a shaped {@code memoryview} without numpy)</td>
 *       <td>{@link NdArray}, or the primitive array asked for with {@link #convert}</td></tr>
 *   <tr><td>{@code Collection}, other arrays</td><td>{@code list}</td><td>unmodifiable {@code List}</td></tr>
 *   <tr><td>{@code Map} with {@code String} keys</td><td>{@code dict}</td><td>unmodifiable {@code Map}, in Python's order</td></tr>
 *   <tr><td>{@link PyRef}</td><td>the object it stands for</td><td>{@link PyRef}, from the commands that return handles</td></tr>
 * </table>
 *
 * <p>Anything else (a {@code Date}, a {@code BigDecimal}, a record, a map with non-string keys,
 * a structure that contains itself) is rejected with an {@link IllegalArgumentException} that
 * names the offending value's place and type. Python results that JSON cannot carry (a set, an
 * object) fail the call in the worker, naming the type; nothing is silently turned into a string.
 *
 * @since 0.1
 */
public final class PyValues {

    /** How deeply values may nest; deeper (or self-containing) values are rejected. */
    public static final int MAX_DEPTH = 500;

    private static final String SUPPORTED = "null, Boolean, a whole number (Integer, Long, BigInteger...), "
            + "Float or Double, String, Character, byte[], an NdArray or a double[], float[], long[] or int[], a Collection or array, "
            + "a Map with String keys, or a PyRef";

    private PyValues() {}

    /** What a value becomes in Python. */
    public enum Kind {
        NONE, BOOLEAN, INTEGER, BIG_INTEGER, FLOAT, STRING, BYTES, LIST, MAP,
        /** An {@link NdArray}, or a {@code double[]}, {@code float[]}, {@code long[]} or {@code int[]}: raw bytes on the wire. */
        ARRAY,
        /** A {@link PyRef}: a handle on an object that stays in Python. */
        REF
    }

    /**
     * The kind of one value, without looking inside lists and maps.
     *
     * @throws IllegalArgumentException if the value's type cannot cross to Python
     */
    public static Kind kindOf(Object value) {
        Kind kind = kindOrNull(value);
        if (kind == null) {
            throw unsupported("value", value);
        }
        return kind;
    }

    /**
     * Checks that {@code value} and everything in it can cross to Python.
     *
     * @param name how the error message should call the value, such as {@code "args"}
     * @throws IllegalArgumentException naming the first offending element, such as
     *     {@code args.rows[2].when is a java.util.Date, which cannot cross to Python}
     */
    public static void requireSupported(String name, Object value) {
        check(value, name, 0);
    }

    /**
     * Compares two values as Python would see them: byte arrays by content, integers by value
     * whatever their Java type, lists and maps element by element.
     */
    public static boolean deepEquals(Object left, Object right) {
        if (left == right) {
            return true;
        }
        if (left == null || right == null) {
            return false;
        }
        Kind kind = comparable(kindOrNull(left));
        if (kind == null || kind != comparable(kindOrNull(right))) {
            return kind == null && left.equals(right);
        }
        switch (kind) {
            case INTEGER:
                return toBigInteger(left).equals(toBigInteger(right));
            case FLOAT:
                return Double.compare(((Number) left).doubleValue(), ((Number) right).doubleValue()) == 0;
            case STRING:
                return left.toString().equals(right.toString());
            case BYTES:
                return Arrays.equals((byte[]) left, (byte[]) right);
            case ARRAY:
                return toNdArray(left).equals(toNdArray(right));
            case LIST:
                return listsEqual(asList(left), asList(right));
            case MAP:
                return mapsEqual((Map<?, ?>) left, (Map<?, ?>) right);
            default:
                return left.equals(right);
        }
    }

    /**
     * A value of kind {@link Kind#ARRAY} as an {@link NdArray}: itself, or a 1-D copy of a primitive array.
     *
     * @throws IllegalArgumentException if it is not of that kind
     */
    public static NdArray toNdArray(Object array) {
        if (array instanceof NdArray nd) {
            return nd;
        }
        if (array instanceof double[] doubles) {
            return NdArray.of(doubles);
        }
        if (array instanceof float[] floats) {
            return NdArray.of(floats);
        }
        if (array instanceof long[] longs) {
            return NdArray.of(longs);
        }
        if (array instanceof int[] ints) {
            return NdArray.of(ints);
        }
        throw new IllegalArgumentException("not an array value: " + typeName(array));
    }

    /**
     * A result as {@code type}: the value itself when it is one (null stays null), a 1-D
     * {@link NdArray} or a list of numbers as the {@code double[]}, {@code float[]},
     * {@code long[]} or {@code int[]} asked for, and a primitive array as an {@code NdArray}.
     *
     * <pre>{@code
     * double[] squares = PyValues.convert(bridge.eval("numpy.arange(4.0) ** 2"), double[].class);
     * }</pre>
     *
     * @throws IllegalArgumentException if the value is not a {@code type} and does not convert to one
     *     exactly (an n-dimensional array asked for as a {@code double[]}, a float64 array as a {@code long[]})
     * @since 0.2
     */
    public static <T> T convert(Object value, Class<T> type) {
        return ResultTypes.convert(value, type);
    }

    /** The elements of a value of kind {@link Kind#LIST}: a collection or an array. */
    public static Iterable<?> elements(Object list) {
        if (list instanceof Collection<?> collection) {
            return collection;
        }
        if (list != null && list.getClass().isArray() && !(list instanceof byte[])) {
            return () -> new Iterator<Object>() {
                private int index;

                @Override
                public boolean hasNext() {
                    return index < Array.getLength(list);
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return Array.get(list, index++);
                }
            };
        }
        throw new IllegalArgumentException("not a list value: " + typeName(list));
    }

    // Python has one integer type; Java's several must compare by value.
    private static Kind comparable(Kind kind) {
        return kind == Kind.BIG_INTEGER ? Kind.INTEGER : kind;
    }

    private static Kind kindOrNull(Object value) {
        if (value == null) {
            return Kind.NONE;
        }
        if (value instanceof String || value instanceof Character) {
            return Kind.STRING;
        }
        if (value instanceof Boolean) {
            return Kind.BOOLEAN;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Kind.INTEGER;
        }
        if (value instanceof Double || value instanceof Float) {
            return Kind.FLOAT;
        }
        if (value instanceof BigInteger) {
            return Kind.BIG_INTEGER;
        }
        if (value instanceof byte[]) {
            return Kind.BYTES;
        }
        if (value instanceof NdArray || value instanceof double[] || value instanceof float[] || value instanceof long[]
                || value instanceof int[]) {
            return Kind.ARRAY;
        }
        if (value instanceof Map<?, ?>) {
            return Kind.MAP;
        }
        if (value instanceof PyRef) {
            return Kind.REF;
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            return Kind.LIST;
        }
        return null;
    }

    private static void check(Object value, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(abbreviated(path) + " is nested more than " + MAX_DEPTH
                    + " levels deep (does the value contain itself?)");
        }
        Kind kind = kindOrNull(value);
        if (kind == null) {
            throw unsupported(path, value);
        }
        if (kind == Kind.LIST) {
            int index = 0;
            for (Object element : elements(value)) {
                check(element, path + "[" + index++ + "]", depth + 1);
            }
        }
        else if (kind == Kind.MAP) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(abbreviated(path) + " has a key of type " + typeName(entry.getKey())
                            + ", but maps cross to Python with String keys only: convert the keys to strings");
                }
                check(entry.getValue(), path + "." + key, depth + 1);
            }
        }
    }

    // A path through a deep value would fill a screen ("args[0][0][0]..."): keep its two ends.
    private static String abbreviated(String path) {
        int most = 120;
        return path.length() <= most ? path : path.substring(0, 60) + "..." + path.substring(path.length() - 50);
    }

    private static IllegalArgumentException unsupported(String path, Object value) {
        return new IllegalArgumentException(abbreviated(path) + " is a " + typeName(value)
                + ", which cannot cross to Python: use " + SUPPORTED);
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static BigInteger toBigInteger(Object integer) {
        return integer instanceof BigInteger big ? big : BigInteger.valueOf(((Number) integer).longValue());
    }

    private static List<Object> asList(Object list) {
        List<Object> elements = new ArrayList<>();
        elements(list).forEach(elements::add);
        return elements;
    }

    private static boolean listsEqual(List<Object> left, List<Object> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!deepEquals(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapsEqual(Map<?, ?> left, Map<?, ?> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : left.entrySet()) {
            if (!right.containsKey(entry.getKey()) || !deepEquals(entry.getValue(), right.get(entry.getKey()))) {
                return false;
            }
        }
        return Objects.equals(left.keySet(), right.keySet());
    }
}
