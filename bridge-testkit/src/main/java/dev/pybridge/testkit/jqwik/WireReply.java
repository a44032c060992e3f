package dev.pybridge.testkit.jqwik;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a worker answers to one request, without the request's id: a result, or an error raised by
 * user code. {@link #frame(long)} writes it as the worker would, ready to be sent to a bridge by a
 * fake worker behind a {@link dev.pybridge.core.launch.WorkerLauncher}.
 *
 * @since 0.2
 */
public sealed interface WireReply {

    /** The reply's JSON payload for request {@code id}: ASCII, since every other character is escaped. */
    String json(long id);

    /** The reply as a frame for request {@code id}: a 4-byte big-endian length, then the payload. */
    default byte[] frame(long id) {
        byte[] payload = json(id).getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    /** A successful call: the bridge returns {@code result} (its value). */
    record Success(WireValue result) implements WireReply {
        public Success {
            requireNonNull(result, "result is null");
        }

        @Override
        public String json(long id) {
            StringBuilder json = new StringBuilder("{\"id\":").append(id).append(",\"success\":true,\"result\":");
            WireJson.write(json, result.value());
            return json.append('}').toString();
        }
    }

    /**
     * A call that raised: the bridge throws a {@link dev.pybridge.api.error.PythonException} with
     * this type, message and traceback.
     *
     * @param type a Python exception class as the worker names it ({@code ValueError},
     *     {@code mypackage.errors.Refused}); not one of the protocol's own error types
     *     ({@code ProtocolError}, {@code InvalidArguments}, ...), which become other exceptions
     */
    record Failure(String type, String message, Optional<String> traceback) implements WireReply {
        public Failure {
            requireNonNull(type, "type is null");
            requireNonNull(message, "message is null");
            requireNonNull(traceback, "traceback is null");
        }

        @Override
        public String json(long id) {
            StringBuilder json = new StringBuilder("{\"id\":").append(id).append(",\"success\":false,\"error\":{\"type\":");
            WireJson.string(json, type);
            json.append(",\"message\":");
            WireJson.string(json, message);
            json.append(",\"traceback\":");
            traceback.ifPresentOrElse(text -> WireJson.string(json, text), () -> json.append("null"));
            return json.append(",\"location\":null}}").toString();
        }
    }
}
