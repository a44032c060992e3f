package dev.pybridge.jsr223;

import dev.pybridge.api.error.ProtocolException;

import java.util.List;
import java.util.Map;

/**
 * What {@code script.eval} and {@code script.invoke} return: the value, and the globals that
 * changed or went away since the JVM last saw them.
 */
record ScriptResult(Object value, Map<?, ?> changed, List<?> removed) {

    static ScriptResult of(String command, Object result) {
        if (result instanceof Map<?, ?> map && map.containsKey("result")
                && map.get("changed") instanceof Map<?, ?> changed && map.get("removed") instanceof List<?> removed) {
            return new ScriptResult(map.get("result"), changed, removed);
        }
        throw new ProtocolException("the worker's reply to '" + command + "' is not a script result: " + result);
    }
}
