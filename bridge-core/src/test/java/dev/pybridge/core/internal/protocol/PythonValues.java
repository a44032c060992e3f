package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.DType;
import dev.pybridge.api.NdArray;
import net.jqwik.api.Combinators;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.math.BigInteger;

/** jqwik arbitraries for every kind of value that crosses between Java and Python. */
public final class PythonValues {

    private PythonValues() {}

    /** Any value, nested up to {@code depth} lists and maps deep. */
    public static Arbitrary<Object> values(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalars()),
                Tuple.of(1, inner.list().ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(4).map(map -> (Object) map)));
    }

    /** Values without nesting. */
    public static Arbitrary<Object> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64).negate(), BigInteger.TWO.pow(64)).map(Object.class::cast),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY)
                        .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0).map(Object.class::cast),
                text().map(Object.class::cast),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(Object.class::cast),
                arrays(false).map(Object.class::cast));
    }

    /**
     * Arrays of every dtype, with 0 to 3 dimensions (a length of 0 among them only with
     * {@code emptyDimensions}: without numpy such an array comes back with one dimension), and the
     * primitive arrays that cross as arrays.
     */
    public static Arbitrary<Object> arrays(boolean emptyDimensions) {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(emptyDimensions ? 0 : 1, 4).list().ofMaxSize(3)
                .map(lengths -> lengths.stream().mapToLong(Long::longValue).toArray());
        Arbitrary<Object> shaped = Combinators.combine(Arbitraries.of(DType.class), shapes, Arbitraries.randoms())
                .as((dtype, shape, random) -> {
                    long count = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                    byte[] bytes = new byte[(int) count * dtype.itemSize()];
                    random.nextBytes(bytes);
                    if (dtype == DType.BOOL) {
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] &= 1;
                        }
                    }
                    return NdArray.of(dtype, java.nio.ByteBuffer.wrap(bytes), shape);
                });
        return Arbitraries.oneOf(shaped,
                Arbitraries.doubles().array(double[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.floats().array(float[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.longs().array(long[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.integers().array(int[].class).ofMaxSize(8).map(Object.class::cast));
    }

    /** Strings of any Unicode scalar values (no unpaired surrogates, which UTF-8 cannot carry). */
    public static Arbitrary<String> text() {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(codePoint -> codePoint < 0xD800 || codePoint > 0xDFFF)
                .list().ofMaxSize(12)
                .map(codePoints -> codePoints.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(text(), Arbitraries.of("__pybridge__", "value", "id"));
    }
}
