package dev.pybridge.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * An n-dimensional array of numbers, as numpy holds one: a {@link DType}, a shape, and the
 * elements in row-major (C) order. It crosses to and from Python as raw bytes beside the JSON of a
 * message, and arrives there as a {@code numpy.ndarray} (or, without numpy, an {@code array.array}
 * or a {@code memoryview} of that shape). Immutable: the factories copy what they are given, and
 * {@link #bytes()} is a read-only view.
 *
 * <pre>{@code
 * NdArray matrix = NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * NdArray sums = (NdArray) bridge.invoke("numpy:sum", matrix);  // a numpy result comes back as an NdArray
 * double[] flat = matrix.toDoubleArray();
 * }</pre>
 *
 * @since 0.2
 */
public final class NdArray {

    private static final Set<DType> EXACT_IN_DOUBLE = EnumSet.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT16,
            DType.INT8, DType.UINT32, DType.UINT16, DType.UINT8, DType.BOOL);
    private static final Set<DType> EXACT_IN_FLOAT = EnumSet.of(DType.FLOAT32, DType.INT16, DType.INT8, DType.UINT16,
            DType.UINT8, DType.BOOL);
    private static final Set<DType> EXACT_IN_LONG = EnumSet.of(DType.INT64, DType.INT32, DType.INT16, DType.INT8,
            DType.UINT32, DType.UINT16, DType.UINT8, DType.BOOL);
    private static final Set<DType> EXACT_IN_INT = EnumSet.of(DType.INT32, DType.INT16, DType.INT8, DType.UINT16,
            DType.UINT8, DType.BOOL);
    private static final int SHOWN = 3;

    private final DType dtype;
    private final long[] shape;
    private final int size;
    // Little-endian, read-only, position 0; nobody else holds a writable view of it.
    private final ByteBuffer data;

    private NdArray(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape;
        this.size = data.capacity() / dtype.itemSize();
        this.data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A 1-D float64 array of {@code values}. */
    public static NdArray of(double[] values) {
        return of(values, values.length);
    }

    /** A float64 array of {@code values} (row-major) with {@code shape}. */
    public static NdArray of(double[] values, long... shape) {
        ByteBuffer bytes = allocate(DType.FLOAT64, requireNonNull(values, "values is null").length, shape);
        bytes.asDoubleBuffer().put(values);
        return new NdArray(DType.FLOAT64, shape.clone(), bytes);
    }

    /** A 1-D float32 array of {@code values}. */
    public static NdArray of(float[] values) {
        return of(values, values.length);
    }

    /** A float32 array of {@code values} (row-major) with {@code shape}. */
    public static NdArray of(float[] values, long... shape) {
        ByteBuffer bytes = allocate(DType.FLOAT32, requireNonNull(values, "values is null").length, shape);
        bytes.asFloatBuffer().put(values);
        return new NdArray(DType.FLOAT32, shape.clone(), bytes);
    }

    /** A 1-D int64 array of {@code values}. */
    public static NdArray of(long[] values) {
        return of(values, values.length);
    }

    /** An int64 array of {@code values} (row-major) with {@code shape}. */
    public static NdArray of(long[] values, long... shape) {
        ByteBuffer bytes = allocate(DType.INT64, requireNonNull(values, "values is null").length, shape);
        bytes.asLongBuffer().put(values);
        return new NdArray(DType.INT64, shape.clone(), bytes);
    }

    /** A 1-D int32 array of {@code values}. */
    public static NdArray of(int[] values) {
        return of(values, values.length);
    }

    /** An int32 array of {@code values} (row-major) with {@code shape}. */
    public static NdArray of(int[] values, long... shape) {
        ByteBuffer bytes = allocate(DType.INT32, requireNonNull(values, "values is null").length, shape);
        bytes.asIntBuffer().put(values);
        return new NdArray(DType.INT32, shape.clone(), bytes);
    }

    /**
     * An array of {@code dtype} and {@code shape} whose elements are the remaining bytes of
     * {@code littleEndian} (copied; its position is left alone), little-endian whatever the
     * buffer's own order.
     *
     * @throws IllegalArgumentException if the number of bytes does not match the shape
     */
    public static NdArray of(DType dtype, ByteBuffer littleEndian, long... shape) {
        requireNonNull(dtype, "dtype is null");
        requireNonNull(littleEndian, "littleEndian is null");
        if (littleEndian.remaining() % dtype.itemSize() != 0) {
            throw new IllegalArgumentException(littleEndian.remaining() + " bytes are not a whole number of "
                    + dtype.numpyName() + " elements of " + dtype.itemSize() + " bytes");
        }
        ByteBuffer bytes = allocate(dtype, littleEndian.remaining() / dtype.itemSize(), shape);
        bytes.put(littleEndian.duplicate()).flip();
        return new NdArray(dtype, shape.clone(), bytes);
    }

    public DType dtype() {
        return dtype;
    }

    /** The length of each dimension (a copy); empty for a 0-dimensional array. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** The elements' bytes, little-endian and row-major: a read-only view, positioned at 0. */
    public ByteBuffer bytes() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The elements, row-major, as doubles.
     *
     * @throws IllegalStateException if a {@code dtype} element may not fit a double exactly (int64, uint64)
     */
    public double[] toDoubleArray() {
        requireExact(EXACT_IN_DOUBLE, "double");
        double[] values = new double[size];
        if (dtype == DType.FLOAT64) {
            bytes().asDoubleBuffer().get(values);
            return values;
        }
        for (int i = 0; i < size; i++) {
            values[i] = dtype == DType.FLOAT32 ? data.getFloat(i * 4) : longAt(i);
        }
        return values;
    }

    /**
     * The elements, row-major, as floats.
     *
     * @throws IllegalStateException if a {@code dtype} element may not fit a float exactly
     */
    public float[] toFloatArray() {
        requireExact(EXACT_IN_FLOAT, "float");
        float[] values = new float[size];
        if (dtype == DType.FLOAT32) {
            bytes().asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < size; i++) {
            values[i] = longAt(i);
        }
        return values;
    }

    /**
     * The elements, row-major, as longs.
     *
     * @throws IllegalStateException for a floating-point or uint64 {@code dtype}
     */
    public long[] toLongArray() {
        requireExact(EXACT_IN_LONG, "long");
        long[] values = new long[size];
        if (dtype == DType.INT64) {
            bytes().asLongBuffer().get(values);
            return values;
        }
        for (int i = 0; i < size; i++) {
            values[i] = longAt(i);
        }
        return values;
    }

    /**
     * The elements, row-major, as ints.
     *
     * @throws IllegalStateException for a {@code dtype} whose elements may not fit an int
     */
    public int[] toIntArray() {
        requireExact(EXACT_IN_INT, "int");
        int[] values = new int[size];
        if (dtype == DType.INT32) {
            bytes().asIntBuffer().get(values);
            return values;
        }
        for (int i = 0; i < size; i++) {
            values[i] = (int) longAt(i);
        }
        return values;
    }

    /** Equal when the dtype, the shape and every element's bytes are (so NaN equals the same NaN, and 0.0 is not -0.0). */
    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray that && dtype == that.dtype && Arrays.equals(shape, that.shape) && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + data.hashCode();
    }

    /** The dtype, the shape and the first and last few elements: {@code NdArray[float64 (1000000): 0.0, 1.0, 2.0, ..., 999999.0]}. */
    @Override
    public String toString() {
        StringJoiner shown = new StringJoiner(", ");
        for (int i = 0; i < Math.min(size, SHOWN); i++) {
            shown.add(element(i));
        }
        if (size > 2 * SHOWN) {
            shown.add("...");
        }
        for (int i = Math.max(SHOWN, size - SHOWN); i < size; i++) {
            shown.add(element(i));
        }
        StringJoiner dims = new StringJoiner(", ", "(", shape.length == 1 ? ",)" : ")");
        Arrays.stream(shape).forEach(length -> dims.add(Long.toString(length)));
        return "NdArray[" + dtype.numpyName() + " " + dims + ": " + shown + "]";
    }

    private String element(int index) {
        return switch (dtype) {
            case FLOAT64 -> Double.toString(data.getDouble(index * 8));
            case FLOAT32 -> Float.toString(data.getFloat(index * 4));
            case UINT64 -> Long.toUnsignedString(data.getLong(index * 8));
            case BOOL -> data.get(index) != 0 ? "true" : "false";
            default -> Long.toString(longAt(index));
        };
    }

    // The integer (or bool) element at a flat index, widened.
    private long longAt(int index) {
        return switch (dtype) {
            case INT64, UINT64 -> data.getLong(index * 8);
            case INT32 -> data.getInt(index * 4);
            case UINT32 -> Integer.toUnsignedLong(data.getInt(index * 4));
            case INT16 -> data.getShort(index * 2);
            case UINT16 -> Short.toUnsignedInt(data.getShort(index * 2));
            case INT8 -> data.get(index);
            case UINT8, BOOL -> Byte.toUnsignedInt(data.get(index));
            default -> throw new IllegalStateException(dtype + " is not an integer dtype");
        };
    }

    private void requireExact(Set<DType> exact, String javaType) {
        if (!exact.contains(dtype)) {
            throw new IllegalStateException("a " + dtype.numpyName() + " array does not convert to " + javaType
                    + " values exactly: take its bytes(), or convert it in Python first (numpy's astype)");
        }
    }

    // A little-endian buffer for `count` elements, after checking that the shape holds exactly that many.
    private static ByteBuffer allocate(DType dtype, int count, long[] shape) {
        requireNonNull(shape, "shape is null");
        long elements = 1;
        for (long length : shape) {
            if (length < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative length");
            }
            try {
                elements = Math.multiplyExact(elements, length);
            }
            catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more elements than a long can count", e);
            }
        }
        if (elements != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements
                    + " elements, but " + count + " were given");
        }
        long bytes = (long) count * dtype.itemSize();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an array of " + bytes + " bytes is larger than a Java array can hold");
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
