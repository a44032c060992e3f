package dev.pybridge.core.internal.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.SourceLocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns requests into frames and reply payloads into {@link Reply}s, following the wire protocol
 * ({@code python/PROTOCOL.md}). Thread-safe.
 */
public final class MessageCodec {

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString COMMAND = new SerializedString("command");
    private static final SerializedString ARGS = new SerializedString("args");
    private static final SerializedString SESSION = new SerializedString("session");

    private final int maxFrameBytes;
    private final JsonFactory json;

    public MessageCodec(int maxFrameBytes) {
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes is too small: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxFrameBytes)
                        .maxNestingDepth(PyValues.MAX_DEPTH + 8)
                        .build())
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(PyValues.MAX_DEPTH + 8)
                        .build())
                .build();
    }

    /** The largest payload this codec writes or accepts. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * The whole frame (header and payload) for {@code request}: plain JSON, or a binary frame when
     * the arguments hold bytes or arrays.
     *
     * @throws IllegalArgumentException if an argument cannot cross to Python, or the request is
     *     larger than the maximum frame
     */
    public WireFrame encodeRequest(Request request) {
        FrameBuffer buffer = new FrameBuffer();
        List<ByteBuffer> buffers = new ArrayList<>(0);
        try (JsonGenerator out = json.createGenerator(buffer)) {
            out.writeStartObject();
            out.writeFieldName(ID);
            out.writeNumber(request.id());
            out.writeFieldName(COMMAND);
            out.writeString(request.command());
            out.writeFieldName(ARGS);
            ValueCodec.write(out, request.args(), 0, buffers);
            out.writeFieldName(SESSION);
            out.writeString(request.session().orElse(null));
            out.writeEndObject();
        }
        catch (IllegalArgumentException | JsonProcessingException e) {
            throw explain("args", request.args(), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toFrame(buffers, maxFrameBytes, "request '" + request.command() + "'");
    }

    /**
     * The payload (no header) for one value, as the protocol writes it: JSON, or a binary payload
     * when it holds bytes or arrays. Equal values give equal payloads.
     *
     * @throws IllegalArgumentException if the value cannot cross to Python
     */
    public byte[] encodeValue(Object value) {
        FrameBuffer buffer = new FrameBuffer();
        List<ByteBuffer> buffers = new ArrayList<>(0);
        try (JsonGenerator out = json.createGenerator(buffer)) {
            ValueCodec.write(out, value, 0, buffers);
        }
        catch (IllegalArgumentException | JsonProcessingException e) {
            throw explain("value", value, e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] frame = buffer.toFrame(buffers, Integer.MAX_VALUE - 8, "value").toByteArray();
        return java.util.Arrays.copyOfRange(frame, Frames.HEADER_BYTES, frame.length);
    }

    /**
     * Reads one value from a payload, undoing the protocol's tags.
     *
     * @throws ProtocolException if the payload is not one well-formed value
     */
    public Object decodeValue(byte[] payload) {
        Json body = Json.of(payload);
        try (JsonParser in = body.parser(json)) {
            in.nextToken();
            Object value = ValueCodec.read(in, body.buffers());
            if (in.nextToken() != null) {
                throw new ProtocolException("trailing data after a value of " + payload.length + " bytes");
            }
            return value;
        }
        catch (IOException | ValueCodec.MalformedValueException e) {
            throw new ProtocolException("malformed value of " + payload.length + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a reply payload. A reply whose id could be read but whose result could not is returned
     * as a {@link Reply.Failure} of type {@code ProtocolError} for that id, so that one bad reply
     * fails one call and not the stream.
     *
     * @throws ProtocolException if the payload is not a reply at all
     */
    public Reply decodeReply(byte[] payload) {
        Json body = Json.of(payload);
        ReplyFields fields = new ReplyFields(body.buffers());
        try (JsonParser in = body.parser(json)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException("reply of " + payload.length + " bytes is not a JSON object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                fields.read(name, in);
            }
        }
        catch (IOException | ValueCodec.MalformedValueException e) {
            if (fields.id.isPresent()) {
                return new Reply.Failure(fields.id, WireError.of("ProtocolError",
                        "the worker's reply of " + payload.length + " bytes could not be decoded: " + e.getMessage()));
            }
            throw new ProtocolException("undecodable reply of " + payload.length + " bytes: " + e.getMessage(), e);
        }
        return fields.toReply(payload.length);
    }

    private static IllegalArgumentException explain(String name, Object value, Exception failure) {
        PyValues.requireSupported(name, value);
        return new IllegalArgumentException(name + " cannot be sent to Python: " + failure.getMessage(), failure);
    }

    /** Where a payload's JSON lies, and its binary buffers (none for a plain JSON payload). */
    private record Json(byte[] payload, int offset, int length, List<ByteBuffer> buffers) {

        /** @throws ProtocolException when a binary payload's prefix is malformed */
        static Json of(byte[] payload) {
            if (!BinaryFrames.isBinary(payload)) {
                return new Json(payload, 0, payload.length, List.of());
            }
            BinaryFrames.Parts parts = BinaryFrames.parse(payload);
            return new Json(payload, parts.jsonOffset(), parts.jsonLength(), parts.buffers());
        }

        JsonParser parser(JsonFactory factory) throws IOException {
            return factory.createParser(payload, offset, length);
        }
    }

    /** The fields of a reply, collected in whatever order they come. */
    private static final class ReplyFields {
        private final List<ByteBuffer> buffers;
        private OptionalLong id = OptionalLong.empty();
        private Boolean success;
        private Object result;
        private WireError error;

        ReplyFields(List<ByteBuffer> buffers) {
            this.buffers = buffers;
        }

        void read(String name, JsonParser in) throws IOException {
            switch (name) {
                case "id" -> id = readId(in);
                case "success" -> success = in.currentToken().isBoolean() ? in.getBooleanValue() : null;
                case "result" -> result = ValueCodec.read(in, buffers);
                case "error" -> error = readError(in);
                default -> in.skipChildren();
            }
        }

        Reply toReply(int length) {
            if (Boolean.TRUE.equals(success)) {
                return new Reply.Success(id, result);
            }
            if (Boolean.FALSE.equals(success) && error != null) {
                return new Reply.Failure(id, error);
            }
            String problem = success == null ? "no boolean \"success\"" : "\"success\": false without an \"error\" object";
            if (id.isPresent()) {
                return new Reply.Failure(id, WireError.of("ProtocolError", "the worker's reply has " + problem));
            }
            throw new ProtocolException("reply of " + length + " bytes has " + problem + " and no id");
        }

        private static OptionalLong readId(JsonParser in) throws IOException {
            if (in.currentToken() == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return OptionalLong.of(in.getLongValue());
            }
            in.skipChildren();
            return OptionalLong.empty();
        }

        private static WireError readError(JsonParser in) throws IOException {
            if (in.currentToken() != JsonToken.START_OBJECT) {
                in.skipChildren();
                return null;
            }
            Object value = ValueCodec.read(in, List.of());
            if (!(value instanceof Map<?, ?> error)) {
                return null;
            }
            return new WireError(
                    text(error.get("type")).orElse("UnknownError"),
                    text(error.get("message")).orElse(""),
                    text(error.get("traceback")),
                    location(error.get("location")),
                    text(error.get("stdout")),
                    text(error.get("stderr")));
        }

        private static Optional<String> text(Object value) {
            return value instanceof String string ? Optional.of(string) : Optional.empty();
        }

        private static Optional<SourceLocation> location(Object value) {
            if (!(value instanceof Map<?, ?> location) || !(location.get("file") instanceof String file)
                    || !(location.get("line") instanceof Long line)) {
                return Optional.empty();
            }
            OptionalInt column = location.get("column") instanceof Long number ? OptionalInt.of(number.intValue()) : OptionalInt.empty();
            return Optional.of(new SourceLocation(file, line.intValue(), column));
        }
    }

    /** Writes the payload after room for its header, so that prepending the header costs no extra copy. */
    private static final class FrameBuffer extends ByteArrayOutputStream {
        FrameBuffer() {
            super(256);
            write(0);
            write(0);
            write(0);
            write(0);
        }

        /** The frame, its array shared rather than copied: nothing writes to this buffer any more. */
        WireFrame toFrame(List<ByteBuffer> buffers, int maxFrameBytes, String what) {
            int jsonLength = count - Frames.HEADER_BYTES;
            long length = buffers.isEmpty() ? jsonLength : BinaryFrames.payloadLength(jsonLength, buffers);
            if (length > maxFrameBytes) {
                throw new IllegalArgumentException(what + " is " + length + " bytes, more than the maximum frame of "
                        + maxFrameBytes + " bytes: send less, or raise maxFrameBytes");
            }
            if (buffers.isEmpty()) {
                Frames.writeLength(buf, jsonLength);
                return WireFrame.plain(buf, count);
            }
            byte[] head = BinaryFrames.head(length, jsonLength, buffers);
            return WireFrame.binary(head, buf, Frames.HEADER_BYTES, jsonLength, buffers, Frames.HEADER_BYTES + length);
        }
    }
}
