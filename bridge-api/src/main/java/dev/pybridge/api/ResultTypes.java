package dev.pybridge.api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The conversions of {@link PyValues#convert}: results into the Java type a caller asks for. */
final class ResultTypes {

    private static final Map<Class<?>, Function<NdArray, Object>> FROM_ARRAY = Map.of(
            double[].class, NdArray::toDoubleArray,
            float[].class, NdArray::toFloatArray,
            long[].class, NdArray::toLongArray,
            int[].class, NdArray::toIntArray);

    private ResultTypes() {}

    static <T> T convert(Object value, Class<T> type) {
        requireNonNull(type, "type is null");
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        if (type == NdArray.class && PyValues.kindOf(value) == PyValues.Kind.ARRAY) {
            return type.cast(PyValues.toNdArray(value));
        }
        Function<NdArray, Object> conversion = FROM_ARRAY.get(type);
        if (conversion != null && value instanceof NdArray array) {
            return type.cast(fromArray(array, conversion, type));
        }
        if (conversion != null && value instanceof List<?> list && list.stream().allMatch(Number.class::isInstance)) {
            return type.cast(fromArray(fromNumbers(list, type), conversion, type));
        }
        throw new IllegalArgumentException("a " + describe(value) + " does not convert to " + type.getSimpleName());
    }

    private static Object fromArray(NdArray array, Function<NdArray, Object> conversion, Class<?> type) {
        if (array.ndim() != 1) {
            throw new IllegalArgumentException("a " + array.ndim() + "-dimensional array does not convert to "
                    + type.getSimpleName() + ": ask for an NdArray, or flatten it with toDoubleArray() and the like");
        }
        try {
            return conversion.apply(array);
        }
        catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    // A list of numbers asked for as a primitive array: through an array of the type asked for, so that each must fit exactly.
    private static NdArray fromNumbers(List<?> numbers, Class<?> type) {
        int size = numbers.size();
        if (type == double[].class || type == float[].class) {
            double[] values = new double[size];
            for (int i = 0; i < size; i++) {
                values[i] = exactDouble((Number) numbers.get(i), type);
            }
            return type == double[].class ? NdArray.of(values) : NdArray.of(toFloats(values));
        }
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            values[i] = exactLong((Number) numbers.get(i), type);
        }
        return type == long[].class ? NdArray.of(values) : NdArray.of(java.util.Arrays.stream(values).mapToInt(Math::toIntExact).toArray());
    }

    private static double exactDouble(Number number, Class<?> type) {
        double value = number.doubleValue();
        boolean exact = number instanceof Double || number instanceof Float ? type == double[].class || (float) value == value
                || Double.isNaN(value) : (long) value == number.longValue() && !(number instanceof java.math.BigInteger);
        if (!exact) {
            throw new IllegalArgumentException("the list element " + number + " does not convert to " + type.getSimpleName() + " exactly");
        }
        return value;
    }

    private static long exactLong(Number number, Class<?> type) {
        boolean integral = number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte;
        long value = number.longValue();
        if (!integral || (type == int[].class && (int) value != value)) {
            throw new IllegalArgumentException("the list element " + number + " does not convert to " + type.getSimpleName() + " exactly");
        }
        return value;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    private static String describe(Object value) {
        return value instanceof NdArray array ? array.dtype().numpyName() + " array" : value.getClass().getName();
    }
}
