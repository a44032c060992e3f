package dev.pybridge.jsr223;

import dev.pybridge.api.error.ProtocolException;

import java.util.Map;

/**
 * A script command's reply, which always captures output:
 * {@code {"value": ..., "stdout": "...", "stderr": "..."}}.
 */
record Captured(Object value, String stdout, String stderr) {

    static Captured of(String command, Object reply) {
        if (reply instanceof Map<?, ?> map && map.containsKey("value")
                && map.get("stdout") instanceof String stdout && map.get("stderr") instanceof String stderr) {
            return new Captured(map.get("value"), stdout, stderr);
        }
        throw new ProtocolException("the worker's reply to '" + command + "' has no captured output: " + reply);
    }
}
