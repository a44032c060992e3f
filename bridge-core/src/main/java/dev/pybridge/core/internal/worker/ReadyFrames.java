package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.status.ReadyInfo;
import dev.pybridge.core.internal.protocol.Reply;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the first frame a worker writes: {@code {"id": 0, "success": true, "result": {"ready": true, ...}}}, and checks its protocol version. */
final class ReadyFrames {

    private ReadyFrames() {}

    /** @throws ProtocolException when the frame is not a ready frame */
    static ReadyInfo parse(String workerId, Reply reply) {
        if (!(reply instanceof Reply.Success success) || reply.id().orElse(-1) != 0
                || !(success.result() instanceof Map<?, ?> ready) || !Boolean.TRUE.equals(ready.get("ready"))) {
            throw new ProtocolException("worker " + workerId + " did not begin with a ready frame: " + reply);
        }
        long protocol = number(ready.get("protocol"));
        List<String> commands = ready.get("commands") instanceof List<?> names
                ? names.stream().map(String::valueOf).toList() : List.of();
        return new ReadyInfo(number(ready.get("pid")), String.valueOf(ready.get("python")), text(ready.get("executable")),
                text(ready.get("platform")), (int) protocol, (int) number(ready.get("threads")), commands);
    }

    /** The refusal of a worker that speaks another protocol version than this bridge, if it does. */
    static Optional<BridgeConfigurationException> otherVersion(String workerId, ReadyInfo info) {
        if (info.protocol() == ReadyInfo.PROTOCOL_VERSION) {
            return Optional.empty();
        }
        return Optional.of(new BridgeConfigurationException("worker " + workerId + " speaks protocol " + info.protocol()
                + " but this bridge speaks " + ReadyInfo.PROTOCOL_VERSION
                + ": the worker package and the bridge-core jar come from different versions; use the worker that ships in this bridge-core jar"));
    }

    private static String text(Object value) {
        return value instanceof String text ? text : "";
    }

    private static long number(Object value) {
        return value instanceof Long number ? number : -1;
    }
}
