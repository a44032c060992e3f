package dev.pybridge.testkit.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fake worker's side of python/PROTOCOL.md: requests read from payloads, replies written as
 * frames (a 4-byte big-endian length, then UTF-8 JSON). Thread-safe.
 */
final class WireCodec {

    /** The frame header: the payload's length. */
    static final int HEADER_BYTES = 4;

    private final int maxFrameBytes;
    private final ObjectMapper json;

    WireCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxFrameBytes).maxNestingDepth(1000).build())
                .build();
        this.json = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** A payload that is not a usable request, and the id its error reply carries (null when it has none). */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        final transient Long id;
        final transient WorkerError error;

        Unusable(Long id, WorkerError error) {
            super(error.getMessage(), null, false, false);
            this.id = id;
            this.error = error;
        }
    }

    /**
     * The request in {@code payload}.
     *
     * @throws Unusable when it is not JSON, not an object or has no usable id (the reply's id is
     *     null), or its command, session or arguments are malformed (the reply carries its id)
     */
    Request read(byte[] payload) throws Unusable {
        if (BinaryPayloads.isBinary(payload)) {
            return readBinary(payload);
        }
        JsonNode message;
        boolean marked = LoneSurrogates.present(payload);
        UnaryOperator<String> text = marked ? LoneSurrogates::restore : UnaryOperator.identity();
        try {
            message = json.readTree(marked ? LoneSurrogates.protect(payload) : payload);
        }
        catch (JsonProcessingException e) {
            throw new Unusable(null, protocolError("the payload of " + payload.length + " bytes is not JSON: " + e.getOriginalMessage()));
        }
        catch (IOException e) {
            throw new IllegalStateException("reading JSON from an array of bytes failed", e);
        }
        return request(message, text);
    }

    private Request readBinary(byte[] payload) throws Unusable {
        try {
            BinaryPayloads.Parts parts = BinaryPayloads.split(payload);
            return request(BinaryPayloads.resolve(json.readTree(parts.json()), parts.buffers()), UnaryOperator.identity());
        }
        catch (IllegalArgumentException e) {
            throw new Unusable(null, protocolError("a malformed binary payload: " + e.getMessage()));
        }
        catch (IOException e) {
            throw new Unusable(null, protocolError("the JSON of a binary payload of " + payload.length + " bytes is not JSON: " + e.getMessage()));
        }
    }

    private Request request(JsonNode message, UnaryOperator<String> text) throws Unusable {
        if (message == null || !message.isObject()) {
            throw new Unusable(null, protocolError("a request is a JSON object, got " + (message == null ? "nothing" : message.getNodeType())));
        }
        JsonNode id = message.get("id");
        if (id == null || !id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 1) {
            throw new Unusable(null, protocolError("a request's id is an integer from 1 to 2^63-1, got " + id));
        }
        long requestId = id.longValue();
        JsonNode command = message.get("command");
        if (command == null || !command.isTextual()) {
            throw new Unusable(requestId, protocolError("a request's command is a string, got " + command));
        }
        JsonNode session = message.get("session");
        if (session != null && !session.isNull() && !session.isTextual()) {
            throw new Unusable(requestId, protocolError("a request's session is a string or null, got " + session));
        }
        JsonNode args = message.get("args");
        if (args != null && !args.isObject()) {
            throw new Unusable(requestId, protocolError("a request's args are an object, got " + args));
        }
        Object decoded;
        try {
            decoded = args == null ? Map.of() : WireValues.decode(args, "$", text);
        }
        catch (WorkerError e) {
            throw new Unusable(requestId, e);
        }
        // A tagged value in place of the arguments (an "int", say) is no object either; a tagged "dict" is one.
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new Unusable(requestId, protocolError("a request's args are an object, got a tagged " + Args.describe(decoded)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) map;
        return new Request(requestId, text.apply(command.textValue()), arguments,
                session == null || session.isNull() ? Optional.empty() : Optional.of(text.apply(session.textValue())));
    }

    /** The ready frame: the first a worker writes. */
    byte[] ready(Map<String, Object> info) {
        return success(0, info);
    }

    /**
     * The frame answering {@code id} with {@code result}; an error frame instead when the result
     * cannot be sent ({@code UnsupportedValue}) or is larger than a frame may be ({@code ResultTooLarge}).
     */
    byte[] success(long id, Object result) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("id", id);
        reply.put("success", true);
        try {
            reply.set("result", WireValues.encode(result, "$"));
        }
        catch (WorkerError e) {
            return failure(id, e);
        }
        List<ByteBuffer> buffers = new ArrayList<>();
        BinaryPayloads.extract(reply, buffers);
        byte[] payload = buffers.isEmpty() ? bytes(reply) : BinaryPayloads.payload(bytes(reply), buffers);
        if (payload.length > maxFrameBytes) {
            return failure(id, new WorkerError("ResultTooLarge", "the reply is " + payload.length
                    + " bytes, more than the maximum frame of " + maxFrameBytes + " bytes"));
        }
        return frame(payload);
    }

    /** The frame answering {@code id} (null: a request whose id could not be read) with {@code error}. */
    byte[] failure(Long id, WorkerError error) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        if (id == null) {
            reply.putNull("id");
        }
        else {
            reply.put("id", id);
        }
        reply.put("success", false);
        ObjectNode body = reply.putObject("error");
        body.put("type", error.type());
        body.put("message", error.getMessage());
        body.putNull("traceback");
        body.putNull("location");
        return frame(bytes(reply));
    }

    /** The length of the frame whose header is {@code header}, an unsigned 32-bit number. */
    static long length(byte[] header) {
        return ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
    }

    private static byte[] frame(byte[] payload) {
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        int length = payload.length;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        System.arraycopy(payload, 0, frame, HEADER_BYTES, length);
        return frame;
    }

    private byte[] bytes(JsonNode reply) {
        try {
            return json.writeValueAsBytes(reply);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply tree could not be written as JSON", e);
        }
    }

    private static WorkerError protocolError(String message) {
        return new WorkerError("ProtocolError", message);
    }
}
