package dev.pybridge.core.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pybridge.api.DType;
import dev.pybridge.api.NdArray;
import dev.pybridge.api.PyRef;
import dev.pybridge.api.PyValues;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes and reads values as JSON with the protocol's tags ({@code {"__pybridge__": tag, "value": ...}})
 * for what plain JSON cannot say: integers outside the long range, NaN and infinities, bytes, maps
 * that contain the tag key themselves, and handles on objects that stay in Python. Bytes and
 * arrays are written as references to binary buffers that travel beside the JSON ({@link BinaryFrames}).
 */
final class ValueCodec {

    static final String TAG = "__pybridge__";
    static final String TAG_VALUE = "value";

    /** Strings of at least this many chars travel as a UTF-8 buffer: JSON's escaping costs more than it saves. */
    static final int BUFFERED_STRING_CHARS = 32 * 1024;

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ValueCodec() {}

    /**
     * Writes {@code value}, adding the binary buffers it refers to to {@code buffers}.
     *
     * @throws IllegalArgumentException if the value (or something in it) cannot cross to Python
     */
    static void write(JsonGenerator out, Object value, int depth, List<ByteBuffer> buffers) throws IOException {
        if (depth > PyValues.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested more than " + PyValues.MAX_DEPTH + " levels deep");
        }
        switch (PyValues.kindOf(value)) {
            case NONE -> out.writeNull();
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case INTEGER -> out.writeNumber(((Number) value).longValue());
            case BIG_INTEGER -> writeBigInteger(out, (BigInteger) value);
            case FLOAT -> writeFloat(out, (Number) value);
            case STRING -> writeString(out, value.toString(), buffers);
            case BYTES -> writeBytes(out, (byte[]) value, buffers);
            case ARRAY -> writeArray(out, value, buffers);
            case LIST -> writeList(out, value, depth, buffers);
            case MAP -> writeMap(out, (Map<?, ?>) value, depth, buffers);
            case REF -> writeTagged(out, "ref", () -> writeRef(out, (PyRef) value));
        }
    }

    /** Reads the value at the parser's current token; {@code buffers} are the payload's binary buffers. */
    static Object read(JsonParser in, List<ByteBuffer> buffers) throws IOException {
        JsonToken token = in.currentToken();
        if (token == null) {
            throw new MalformedValueException("expected a value, found the end of the input");
        }
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> in.getText();
            case VALUE_NUMBER_INT -> in.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? in.getBigIntegerValue() : (Object) in.getLongValue();
            case VALUE_NUMBER_FLOAT -> in.getDoubleValue();
            case START_ARRAY -> readList(in, buffers);
            case START_OBJECT -> readMap(in, buffers);
            default -> throw new MalformedValueException("expected a value, found " + token);
        };
    }

    private static void writeBigInteger(JsonGenerator out, BigInteger value) throws IOException {
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            out.writeNumber(value.longValue());
        }
        else {
            writeTagged(out, "int", () -> out.writeString(value.toString()));
        }
    }

    private static void writeFloat(JsonGenerator out, Number value) throws IOException {
        double number = value.doubleValue();
        if (Double.isNaN(number)) {
            writeTagged(out, "float", () -> out.writeString("nan"));
        }
        else if (Double.isInfinite(number)) {
            writeTagged(out, "float", () -> out.writeString(number > 0 ? "inf" : "-inf"));
        }
        else if (value instanceof Float single) {
            out.writeNumber(single.floatValue());
        }
        else {
            out.writeNumber(number);
        }
    }

    private static void writeRef(JsonGenerator out, PyRef ref) throws IOException {
        out.writeStartObject();
        out.writeNumberField("id", ref.id());
        out.writeStringField("type", ref.type());
        out.writeStringField("session", ref.session());
        out.writeEndObject();
    }

    // A long string goes as its UTF-8 bytes, unless it holds a surrogate: UTF-8 cannot carry an unpaired one, JSON's escapes can.
    private static void writeString(JsonGenerator out, String text, List<ByteBuffer> buffers) throws IOException {
        if (text.length() < BUFFERED_STRING_CHARS || hasSurrogate(text)) {
            out.writeString(text);
            return;
        }
        writeTagged(out, "str", () -> writeBufferRef(out, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), buffers));
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    // Copied: the frame may be written after the caller has its future back, and may change the array by then.
    private static void writeBytes(JsonGenerator out, byte[] bytes, List<ByteBuffer> buffers) throws IOException {
        writeTagged(out, "bytes", () -> writeBufferRef(out, ByteBuffer.wrap(bytes.clone()), buffers));
    }

    // An NdArray is immutable: its bytes are written where they lie. A primitive array is copied, little-endian, once.
    private static void writeArray(JsonGenerator out, Object value, List<ByteBuffer> buffers) throws IOException {
        if (value instanceof NdArray array) {
            writeArrayRef(out, array.dtype(), array.shape(), array.bytes(), buffers);
        }
        else if (value instanceof double[] doubles) {
            ByteBuffer bytes = littleEndian(doubles.length * 8L);
            bytes.asDoubleBuffer().put(doubles);
            writeArrayRef(out, DType.FLOAT64, new long[] {doubles.length}, bytes, buffers);
        }
        else if (value instanceof float[] floats) {
            ByteBuffer bytes = littleEndian(floats.length * 4L);
            bytes.asFloatBuffer().put(floats);
            writeArrayRef(out, DType.FLOAT32, new long[] {floats.length}, bytes, buffers);
        }
        else if (value instanceof long[] longs) {
            ByteBuffer bytes = littleEndian(longs.length * 8L);
            bytes.asLongBuffer().put(longs);
            writeArrayRef(out, DType.INT64, new long[] {longs.length}, bytes, buffers);
        }
        else {
            int[] ints = (int[]) value;
            ByteBuffer bytes = littleEndian(ints.length * 4L);
            bytes.asIntBuffer().put(ints);
            writeArrayRef(out, DType.INT32, new long[] {ints.length}, bytes, buffers);
        }
    }

    private static ByteBuffer littleEndian(long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an array of " + size + " bytes is larger than a frame can carry");
        }
        return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeArrayRef(JsonGenerator out, DType dtype, long[] shape, ByteBuffer bytes, List<ByteBuffer> buffers)
            throws IOException {
        writeTagged(out, "array", () -> {
            out.writeStartObject();
            out.writeStringField("dtype", dtype.wireName());
            out.writeFieldName("shape");
            out.writeArray(shape, 0, shape.length);
            out.writeFieldName("buffer");
            out.writeNumber(buffers.size());
            buffers.add(bytes);
            out.writeEndObject();
        });
    }

    private static void writeBufferRef(JsonGenerator out, ByteBuffer buffer, List<ByteBuffer> buffers) throws IOException {
        out.writeStartObject();
        out.writeNumberField("buffer", buffers.size());
        buffers.add(buffer);
        out.writeEndObject();
    }

    private static void writeList(JsonGenerator out, Object list, int depth, List<ByteBuffer> buffers) throws IOException {
        out.writeStartArray();
        for (Object element : PyValues.elements(list)) {
            write(out, element, depth + 1, buffers);
        }
        out.writeEndArray();
    }

    private static void writeMap(JsonGenerator out, Map<?, ?> map, int depth, List<ByteBuffer> buffers) throws IOException {
        if (map.containsKey(TAG)) {
            writeTagged(out, "dict", () -> writePairs(out, map, depth, buffers));
            return;
        }
        out.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.writeFieldName(requireStringKey(entry.getKey()));
            write(out, entry.getValue(), depth + 1, buffers);
        }
        out.writeEndObject();
    }

    private static void writePairs(JsonGenerator out, Map<?, ?> map, int depth, List<ByteBuffer> buffers) throws IOException {
        out.writeStartArray();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.writeStartArray();
            out.writeString(requireStringKey(entry.getKey()));
            write(out, entry.getValue(), depth + 2, buffers);
            out.writeEndArray();
        }
        out.writeEndArray();
    }

    private static String requireStringKey(Object key) {
        if (key instanceof String name) {
            return name;
        }
        throw new IllegalArgumentException("map key of type " + (key == null ? "null" : key.getClass().getName())
                + " cannot cross to Python: maps need String keys");
    }

    private static void writeTagged(JsonGenerator out, String tag, IoAction value) throws IOException {
        out.writeStartObject();
        out.writeStringField(TAG, tag);
        out.writeFieldName(TAG_VALUE);
        value.run();
        out.writeEndObject();
    }

    private static List<Object> readList(JsonParser in, List<ByteBuffer> buffers) throws IOException {
        List<Object> list = new ArrayList<>();
        while (in.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(in, buffers));
        }
        return Collections.unmodifiableList(list);
    }

    private static Object readMap(JsonParser in, List<ByteBuffer> buffers) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String name = in.currentName();
            in.nextToken();
            map.put(name, read(in, buffers));
        }
        return map.containsKey(TAG) ? untag(map, buffers) : Collections.unmodifiableMap(map);
    }

    private static Object untag(Map<String, Object> tagged, List<ByteBuffer> buffers) {
        Object tag = tagged.get(TAG);
        Object value = tagged.get(TAG_VALUE);
        if (tagged.size() != 2 || !tagged.containsKey(TAG_VALUE)) {
            throw new MalformedValueException("a tagged value must have exactly the keys \"" + TAG + "\" and \""
                    + TAG_VALUE + "\", found " + tagged.keySet());
        }
        try {
            if ("int".equals(tag) && value instanceof String digits) {
                return new BigInteger(digits);
            }
            if ("float".equals(tag) && value instanceof String special) {
                return parseSpecialFloat(special);
            }
            if ("bytes".equals(tag) && value instanceof String base64) {
                return Base64.getDecoder().decode(base64);
            }
            if ("bytes".equals(tag) && value instanceof Map<?, ?> reference) {
                ByteBuffer buffer = buffer(reference, Set.of("buffer"), buffers).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            }
            if ("str".equals(tag) && value instanceof Map<?, ?> reference) {
                ByteBuffer buffer = buffer(reference, Set.of("buffer"), buffers);
                return new String(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), StandardCharsets.UTF_8);
            }
            if ("array".equals(tag) && value instanceof Map<?, ?> array) {
                return toArray(array, buffers);
            }
            if ("dict".equals(tag) && value instanceof List<?> pairs) {
                return pairsToMap(pairs);
            }
            if ("ref".equals(tag) && value instanceof Map<?, ?> ref) {
                return toRef(ref);
            }
        }
        catch (IllegalArgumentException e) {
            throw new MalformedValueException("malformed \"" + tag + "\" value: " + e.getMessage());
        }
        throw new MalformedValueException("unknown or malformed tag " + tag + " with a value of type "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static NdArray toArray(Map<?, ?> array, List<ByteBuffer> buffers) {
        ByteBuffer buffer = buffer(array, Set.of("dtype", "shape", "buffer"), buffers);
        if (!(array.get("dtype") instanceof String dtype) || !(array.get("shape") instanceof List<?> dims)
                || !dims.stream().allMatch(Long.class::isInstance)) {
            throw new IllegalArgumentException("an array holds a string \"dtype\", a \"shape\" of integers and a \"buffer\" index, found " + array);
        }
        long[] shape = dims.stream().mapToLong(Long.class::cast).toArray();
        return NdArray.of(DType.fromWireName(dtype), buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN), shape);
    }

    private static ByteBuffer buffer(Map<?, ?> reference, Set<String> keys, List<ByteBuffer> buffers) {
        if (!reference.keySet().equals(keys) || !(reference.get("buffer") instanceof Long index)) {
            throw new IllegalArgumentException("expected exactly the keys " + keys + " with an integer \"buffer\", found " + reference.keySet());
        }
        if (index < 0 || index >= buffers.size()) {
            throw new IllegalArgumentException("buffer " + index + " does not exist: the payload has " + buffers.size());
        }
        return buffers.get(index.intValue());
    }

    private static double parseSpecialFloat(String special) {
        return switch (special) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("expected nan, inf or -inf, found " + special);
        };
    }

    private static PyRef toRef(Map<?, ?> ref) {
        if (ref.size() != 3 || !(ref.get("id") instanceof Long id) || !(ref.get("type") instanceof String type)
                || !(ref.get("session") instanceof String session)) {
            throw new IllegalArgumentException("a ref holds exactly an integer \"id\", a string \"type\" and a string \"session\", found " + ref);
        }
        return new PyRef(session, id, type);
    }

    private static Map<String, Object> pairsToMap(List<?> pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Object pair : pairs) {
            if (!(pair instanceof List<?> entry) || entry.size() != 2 || !(entry.get(0) instanceof String key)) {
                throw new IllegalArgumentException("each entry must be a [string, value] pair, found " + pair);
            }
            map.put(key, entry.get(1));
        }
        return Collections.unmodifiableMap(map);
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** A well-formed JSON document that breaks the value rules (a bad tag). */
    static final class MalformedValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedValueException(String message) {
            super(message);
        }
    }
}
