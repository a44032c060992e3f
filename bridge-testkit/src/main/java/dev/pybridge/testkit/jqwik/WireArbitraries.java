package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.api.DType;
import dev.pybridge.api.NdArray;
import dev.pybridge.api.PyValues;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Arbitraries for what crosses the wire: values, requests, replies, and the ways a byte stream can
 * arrive in pieces. {@link PyBridgeDomain} publishes them by type; use them directly where a
 * property needs another shape.
 *
 * <pre>{@code
 * @Property
 * void echoes(@ForAll("values") WireValue value) { ... }
 *
 * @Provide
 * Arbitrary<WireValue> values() {
 *     return WireArbitraries.values(2);
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class WireArbitraries {

    /** How deeply {@link #values()} nests lists and maps. */
    public static final int DEFAULT_DEPTH = 3;

    private static final int MAX_ELEMENTS = 4;
    private static final BigInteger BEYOND_LONG = BigInteger.ONE.shiftLeft(63);
    private static final List<String> ERROR_TYPES = List.of("ValueError", "KeyError", "TypeError", "RuntimeError",
            "ZeroDivisionError", "json.decoder.JSONDecodeError", "mypackage.errors.Refused");

    private WireArbitraries() {}

    /** Wire values nested up to {@value #DEFAULT_DEPTH} levels of lists and maps. */
    public static Arbitrary<WireValue> values() {
        return values(DEFAULT_DEPTH);
    }

    /**
     * Wire values: null, booleans, longs, integers beyond the long range, doubles (NaN, the
     * infinities, -0.0 among them), strings (unpaired surrogates among them), byte arrays, and lists
     * and String-keyed maps of these nested up to {@code depth} levels (the key {@code "__pybridge__"},
     * which the protocol uses for tags, among the keys).
     */
    public static Arbitrary<WireValue> values(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative: " + depth);
        }
        return plainValues(depth).map(WireValue::new);
    }

    /** Values that are no list or map. */
    public static Arbitrary<Object> scalars() {
        return Arbitraries.<Object>frequencyOf(
                Tuple.of(1, Arbitraries.of(true, false)),
                Tuple.of(3, Arbitraries.longs()),
                Tuple.of(1, bigIntegers()),
                Tuple.of(2, doubles()),
                Tuple.of(4, strings()),
                Tuple.of(1, bytes())).injectNull(0.05);
    }

    /** Strings of any UTF-16 code units: characters of every plane, control characters, and unpaired surrogates. */
    public static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(24),
                Arbitraries.strings().withCharRange('\ud800', '\udfff').withChars("ab\"\\\n").ofMaxLength(6),
                Arbitraries.of("", "\ud800", "\udc00", "x\ud83d", "\ud83d\ude00", "\u0000", "__pybridge__", "\u00e9\u4e2d"));
    }

    /** Whole numbers outside the long range, on both sides of it. */
    public static Arbitrary<BigInteger> bigIntegers() {
        Arbitrary<BigInteger> magnitude = Arbitraries.bigIntegers().between(BEYOND_LONG, BigInteger.TEN.pow(60));
        return Combinators.combine(magnitude, Arbitraries.of(true, false))
                .as((value, negative) -> negative ? value.negate().subtract(BigInteger.ONE) : value);
    }

    /** Doubles, with NaN, the infinities, -0.0 and the extremes. */
    public static Arbitrary<Double> doubles() {
        return Arbitraries.doubles().withStandardSpecialValues().withSpecialValue(-0.0);
    }

    /** Byte arrays of up to 64 bytes. */
    public static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }

    /**
     * Arrays as they cross in binary buffers: {@link NdArray}s of every {@link DType} with 0 to 3
     * dimensions of 1 to 4 elements each, and {@code double[]}, {@code float[]}, {@code long[]} and
     * {@code int[]} (NaN, -0.0 and the extremes among their elements). A worker echoes each back as
     * an {@code NdArray} equal to {@link PyValues#toNdArray} of it, with numpy or without.
     *
     * @since 0.2
     */
    public static Arbitrary<Object> arrays() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(1, 4).list().ofMaxSize(3)
                .map(lengths -> lengths.stream().mapToLong(Long::longValue).toArray());
        Arbitrary<Object> shaped = Combinators.combine(Arbitraries.of(DType.class), shapes, Arbitraries.randoms())
                .as((dtype, shape, random) -> {
                    byte[] bytes = new byte[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact) * dtype.itemSize()];
                    random.nextBytes(bytes);
                    if (dtype == DType.BOOL) {
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] &= 1;
                        }
                    }
                    return NdArray.of(dtype, ByteBuffer.wrap(bytes), shape);
                });
        return Arbitraries.oneOf(shaped,
                doubles().array(double[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.floats().withSpecialValue(Float.NaN).array(float[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.longs().array(long[].class).ofMaxSize(8).map(Object.class::cast),
                Arbitraries.integers().array(int[].class).ofMaxSize(8).map(Object.class::cast));
    }

    /**
     * Requests as a caller makes them: {@code echo} of a value, {@code eval} and {@code exec} of
     * arithmetic, {@code call} of a builtin with a value, and {@code ping}, in a session or not.
     * Each succeeds on a worker with the built-in commands.
     */
    public static Arbitrary<Call> calls() {
        Arbitrary<Long> numbers = Arbitraries.longs();
        Arbitrary<Call> call = Arbitraries.oneOf(
                values().map(value -> Call.echo(value.value())),
                Combinators.combine(numbers, numbers).as((a, b) -> Call.eval(a + " * " + b)),
                Combinators.combine(numbers, numbers).as((a, b) -> Call.exec("x = " + a + "\nx + " + b)),
                values(1).map(value -> Call.invoke("repr", value.value())),
                Arbitraries.just(Call.ping()));
        Arbitrary<Optional<String>> sessions = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).optional();
        return Combinators.combine(call, sessions).as((request, session) -> session.map(request::inSession).orElse(request));
    }

    /** Replies: mostly results of any wire value, sometimes errors of user code. */
    public static Arbitrary<WireReply> replies() {
        Arbitrary<WireReply> failures = Combinators.combine(Arbitraries.of(ERROR_TYPES), strings(), strings().optional())
                .as(WireReply.Failure::new);
        return Arbitraries.frequencyOf(Tuple.of(4, values().map(WireReply.Success::new)), Tuple.of(1, failures));
    }

    /**
     * Ways to cut a byte stream: byte by byte, inside and across frame headers, in larger pieces, or
     * whole.
     */
    public static Arbitrary<StreamSplit> splits() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.integers().between(1, 9)),
                Tuple.of(3, Arbitraries.integers().between(10, 200)),
                Tuple.of(1, Arbitraries.integers().between(201, 1 << 16)),
                Tuple.of(1, Arbitraries.just(Integer.MAX_VALUE)));
        return size.list().ofMinSize(1).ofMaxSize(6).map(StreamSplit::new);
    }

    private static Arbitrary<Object> plainValues(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Object> inner = plainValues(depth - 1);
        Arbitrary<Object> lists = inner.list().ofMaxSize(MAX_ELEMENTS).map(list -> list);
        Arbitrary<String> keys = Arbitraries.oneOf(strings(), Arbitraries.of("__pybridge__", "value"));
        // In insertion order, as Python keeps a dict's keys.
        Arbitrary<Object> maps = Arbitraries.maps(keys, inner).ofMaxSize(MAX_ELEMENTS).map(map -> new LinkedHashMap<>(map));
        return Arbitraries.frequencyOf(Tuple.of(3, scalars()), Tuple.of(1, lists), Tuple.of(1, maps));
    }
}
