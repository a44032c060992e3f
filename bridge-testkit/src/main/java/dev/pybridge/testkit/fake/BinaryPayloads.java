package dev.pybridge.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.pybridge.api.DType;
import dev.pybridge.api.NdArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fake worker's side of python/PROTOCOL.md's binary payloads: a marker byte, the JSON's
 * length, the buffer count and lengths, the JSON, then each buffer at a multiple of 8 bytes.
 * Written apart from core's codec, as the rest of the fake's wire code is.
 */
final class BinaryPayloads {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int FIXED_BYTES = 16;

    private BinaryPayloads() {}

    /** A binary payload's JSON and buffers. */
    record Parts(byte[] json, List<ByteBuffer> buffers) {}

    static boolean isBinary(byte[] payload) {
        return payload.length > 0 && payload[0] == 0;
    }

    /** @throws IllegalArgumentException when the prefix does not describe the payload */
    static Parts split(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        if (payload.length < FIXED_BYTES) {
            throw new IllegalArgumentException("a binary payload of " + payload.length + " bytes is shorter than its prefix");
        }
        int jsonLength = in.getInt(4);
        int count = in.getInt(8);
        long position = FIXED_BYTES + 8L * count;
        if (jsonLength < 0 || count < 0 || position + jsonLength > payload.length) {
            throw new IllegalArgumentException("a binary payload's prefix announces more than its " + payload.length + " bytes");
        }
        byte[] json = java.util.Arrays.copyOfRange(payload, (int) position, (int) position + jsonLength);
        position += jsonLength;
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long size = in.getLong(FIXED_BYTES + 8 * i);
            position += -position & 7;
            if (size < 0 || position + size > payload.length) {
                throw new IllegalArgumentException("buffer " + i + " runs past the payload's end");
            }
            buffers.add(ByteBuffer.wrap(payload, (int) position, (int) size).slice());
            position += size;
        }
        return new Parts(json, buffers);
    }

    /**
     * {@code node} with each buffer reference replaced: a bytes tag's by the base64 form, a str tag
     * by the string itself, an array
     * tag's value by the {@link NdArray} itself (a POJO node), so that the JSON decoder knows no buffers.
     */
    static JsonNode resolve(JsonNode node, List<ByteBuffer> buffers) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, resolve(node.get(i), buffers));
            }
            return node;
        }
        if (!node.isObject()) {
            return node;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            field.setValue(resolve(field.getValue(), buffers));
        }
        JsonNode value = node.get("value");
        String tag = node.path("__pybridge__").asText("");
        if (tag.equals("bytes") && value != null && value.has("buffer")) {
            ByteBuffer buffer = buffer(value, buffers);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            ((ObjectNode) node).put("value", Base64.getEncoder().encodeToString(bytes));
        }
        else if (tag.equals("str") && value != null && value.has("buffer")) {
            ByteBuffer buffer = buffer(value, buffers);
            return NODES.textNode(new String(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        else if (tag.equals("array") && value != null && value.has("buffer")) {
            long[] shape = new long[value.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = value.path("shape").get(i).asLong();
            }
            NdArray array = NdArray.of(DType.fromWireName(value.path("dtype").asText()), buffer(value, buffers), shape);
            ((ObjectNode) node).set("value", new POJONode(array));
        }
        return node;
    }

    /** {@code node} with each array (a POJO node) replaced by a buffer reference, its bytes added to {@code buffers}. */
    static JsonNode extract(JsonNode node, List<ByteBuffer> buffers) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof NdArray array) {
            ObjectNode reference = NODES.objectNode();
            reference.put("dtype", array.dtype().wireName());
            ArrayNode shape = reference.putArray("shape");
            for (long length : array.shape()) {
                shape.add(length);
            }
            reference.put("buffer", buffers.size());
            buffers.add(array.bytes());
            return reference;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((ArrayNode) node).set(i, extract(node.get(i), buffers));
            }
        }
        else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(extract(field.getValue(), buffers));
            }
        }
        return node;
    }

    /** The binary payload of {@code json} and {@code buffers}. */
    static byte[] payload(byte[] json, List<ByteBuffer> buffers) {
        long length = FIXED_BYTES + 8L * buffers.size() + json.length;
        for (ByteBuffer buffer : buffers) {
            length += (-length & 7) + buffer.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(length, Integer.MAX_VALUE - 8)).order(ByteOrder.BIG_ENDIAN);
        out.put((byte) 0).put(new byte[3]).putInt(json.length).putInt(buffers.size()).putInt(0);
        buffers.forEach(buffer -> out.putLong(buffer.remaining()));
        out.put(json);
        for (ByteBuffer buffer : buffers) {
            out.position(out.position() + (-out.position() & 7));
            out.put(buffer.duplicate());
        }
        return out.array();
    }

    private static ByteBuffer buffer(JsonNode reference, List<ByteBuffer> buffers) {
        int index = reference.path("buffer").asInt(-1);
        if (index < 0 || index >= buffers.size()) {
            throw new IllegalArgumentException("buffer " + reference.get("buffer") + " does not exist: the payload has " + buffers.size());
        }
        return buffers.get(index).duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
