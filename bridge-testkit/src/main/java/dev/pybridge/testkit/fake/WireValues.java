package dev.pybridge.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.pybridge.api.NdArray;
import dev.pybridge.api.PyValues;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Values on the wire, as python/PROTOCOL.md ("Values") gives them, written independently of
 * bridge-core's codec so that each side checks the other: plain JSON, and the tagged objects
 * {@code {"__pybridge__": tag, "value": ...}} for integers outside the long range ({@code int}),
 * NaN and infinities ({@code float}), bytes ({@code bytes}) and maps that hold the tag key (or a
 * key that JSON's object keys cannot carry) themselves ({@code dict}). Decoded, they are
 * {@code null}, {@link Boolean}, {@link Long}, {@link BigInteger}, {@link Double}, {@link String},
 * {@code byte[]}, {@link List} and {@link Map}, as the worker's Python would hold them.
 */
final class WireValues {

    static final String TAG = "__pybridge__";
    private static final String VALUE = "value";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private WireValues() {}

    /**
     * The value {@code node} holds, each string and key passed through {@code text} (see
     * {@link LoneSurrogates}).
     *
     * @throws WorkerError {@code InvalidArguments} for a tag that is unknown or malformed, or one
     *     that requests may not carry ({@code ref}: only the script commands take it)
     */
    static Object decode(JsonNode node, String path, UnaryOperator<String> text) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return text.apply(node.textValue());
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(decode(node.get(i), path + "[" + i + "]", text));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.has(TAG)) {
            return untag(node, path, text);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = text.apply(field.getKey());
            map.put(key, decode(field.getValue(), path + "." + key, text));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * {@code value} as JSON.
     *
     * @throws WorkerError {@code UnsupportedValue} naming the type and where in the value it sits,
     *     for anything JSON cannot carry (as the worker never falls back to {@code str()})
     */
    static JsonNode encode(Object value, String path) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0
                    ? NODES.numberNode(big.longValue()) : tagged("int", NODES.textNode(big.toString()));
        }
        if (value instanceof Double || value instanceof Float) {
            return encodeFloat(((Number) value).doubleValue());
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof byte[] bytes) {
            return tagged("bytes", NODES.textNode(Base64.getEncoder().encodeToString(bytes)));
        }
        if (value instanceof NdArray || value instanceof double[] || value instanceof float[] || value instanceof long[]
                || value instanceof int[]) {
            return tagged("array", new POJONode(PyValues.toNdArray(value)));
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = NODES.arrayNode(collection.size());
            int index = 0;
            for (Object element : collection) {
                array.add(encode(element, path + "[" + index++ + "]"));
            }
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            return encodeMap(map, path);
        }
        throw new WorkerError("UnsupportedValue", "cannot send a value of type " + value.getClass().getName() + " at " + path
                + ": JSON carries None, bool, int, float, str, bytes, list and dict with str keys");
    }

    private static JsonNode encodeFloat(double number) {
        if (Double.isNaN(number)) {
            return tagged("float", NODES.textNode("nan"));
        }
        if (Double.isInfinite(number)) {
            return tagged("float", NODES.textNode(number > 0 ? "inf" : "-inf"));
        }
        return NODES.numberNode(number);
    }

    private static JsonNode encodeMap(Map<?, ?> map, String path) {
        boolean asPairs = false;
        for (Object key : map.keySet()) {
            if (!(key instanceof String name)) {
                throw new WorkerError("UnsupportedValue", "cannot send a dict with a key of type "
                        + (key == null ? "NoneType" : key.getClass().getName()) + " at " + path + ": dict keys must be str");
            }
            asPairs |= name.equals(TAG) || hasLoneSurrogate(name);
        }
        if (asPairs) {
            ArrayNode pairs = NODES.arrayNode(map.size());
            map.forEach((key, element) -> pairs.add(NODES.arrayNode(2).add((String) key).add(encode(element, path + "." + key))));
            return tagged("dict", pairs);
        }
        ObjectNode object = NODES.objectNode();
        map.forEach((key, element) -> object.set((String) key, encode(element, path + "." + key)));
        return object;
    }

    private static Object untag(JsonNode node, String path, UnaryOperator<String> text) {
        JsonNode tag = node.get(TAG);
        JsonNode value = node.get(VALUE);
        if (node.size() != 2 || value == null || !tag.isTextual()) {
            throw malformed(path, "a tagged value has exactly the keys \"" + TAG + "\" (a string) and \"" + VALUE + "\"");
        }
        return switch (tag.textValue()) {
            case "int" -> bigInteger(value, path);
            case "float" -> specialFloat(value, path);
            case "bytes" -> bytes(value, path);
            case "array" -> array(value, path);
            case "dict" -> pairs(value, path, text);
            case "ref" -> throw malformed(path, "a ref is taken only by script.eval, script.invoke and script.missing");
            default -> throw malformed(path, "unknown tag \"" + tag.textValue() + "\"; the tags are int, float, bytes, array, dict and ref");
        };
    }

    private static BigInteger bigInteger(JsonNode value, String path) {
        try {
            return new BigInteger(value.isTextual() ? value.textValue() : "not a string");
        }
        catch (NumberFormatException e) {
            throw malformed(path, "an \"int\" holds a decimal string, got " + value);
        }
    }

    private static double specialFloat(JsonNode value, String path) {
        return switch (value.isTextual() ? value.textValue() : "") {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> throw malformed(path, "a \"float\" holds \"nan\", \"inf\" or \"-inf\", got " + value);
        };
    }

    private static NdArray array(JsonNode value, String path) {
        if (value instanceof POJONode pojo && pojo.getPojo() instanceof NdArray array) {
            return array;
        }
        throw malformed(path, "an \"array\" refers to a buffer of a binary payload, got " + value);
    }

    private static byte[] bytes(JsonNode value, String path) {
        try {
            if (value.isTextual() && value.textValue().length() % 4 == 0) {
                return Base64.getDecoder().decode(value.textValue());
            }
        }
        catch (IllegalArgumentException e) {
            // Reported below, as any other malformed base64.
        }
        throw malformed(path, "\"bytes\" holds standard base64 with padding, got " + value);
    }

    private static Map<String, Object> pairs(JsonNode value, String path, UnaryOperator<String> text) {
        if (!value.isArray()) {
            throw malformed(path, "a \"dict\" holds a list of [key, value] pairs, got " + value);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonNode pair : value) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
                throw malformed(path, "a \"dict\" holds [str, value] pairs, got " + pair);
            }
            String key = text.apply(pair.get(0).textValue());
            map.put(key, decode(pair.get(1), path + "." + key, text));
        }
        return Collections.unmodifiableMap(map);
    }

    private static JsonNode tagged(String tag, JsonNode value) {
        ObjectNode node = NODES.objectNode();
        node.put(TAG, tag);
        node.set(VALUE, value);
        return node;
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static WorkerError malformed(String path, String what) {
        return WorkerError.invalidArguments("malformed tagged value at " + path + ": " + what);
    }
}
