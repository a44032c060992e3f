package dev.pybridge.jsr223;

import dev.pybridge.api.PyRef;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.protocol.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.script.Bindings;
import javax.script.ScriptContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a context's bindings and the session's Python globals in step, sending only what changed.
 *
 * <p>It remembers, as encoded JSON, each binding's value as Python last saw it (sent, or reported
 * back). A binding whose encoding differs is sent again; the rest are not, so that data a script
 * left in a global does not travel back with every call. The memory belongs to one pair of
 * ENGINE_SCOPE and GLOBAL_SCOPE bindings: a context with other bindings objects sends all of its
 * own, and a worker that lost the session (restarted without a replay) asks for all of them
 * ({@code StaleBindings}).
 */
final class BindingsMirror {

    private static final Logger LOG = LoggerFactory.getLogger(BindingsMirror.class);
    private static final MessageCodec CODEC = new MessageCodec(BridgeConfig.MAX_FRAME_BYTES);

    private final String session;
    private final Map<String, byte[]> seen = new HashMap<>();
    private Bindings engineScope;
    private Bindings globalScope;
    private boolean synced;

    /**
     * The bindings one call sends.
     *
     * @param values what to set as globals
     * @param encoded their encodings, remembered once the call succeeds
     * @param incremental whether {@code values} holds only what changed, trusting the worker with the rest
     */
    record Outgoing(Map<String, Object> values, Map<String, byte[]> encoded, boolean incremental) {}

    BindingsMirror(String session) {
        this.session = session;
    }

    /** What {@code context} must send: its bindings that Python has not seen with these values. */
    Outgoing outgoing(ScriptContext context) {
        Bindings engine = context.getBindings(ScriptContext.ENGINE_SCOPE);
        Bindings global = context.getBindings(ScriptContext.GLOBAL_SCOPE);
        if (engine != engineScope || global != globalScope) {
            reset();
            engineScope = engine;
            globalScope = global;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, byte[]> encoded = new HashMap<>();
        visible(global, engine).forEach((name, value) -> {
            byte[] bytes = encode(name, value);
            if (bytes != null && !Arrays.equals(bytes, seen.get(name))) {
                values.put(name, value);
                encoded.put(name, bytes);
            }
        });
        return new Outgoing(values, encoded, synced);
    }

    /** The call that sent {@code sent} succeeded: Python has it, and what it changed goes to ENGINE_SCOPE. */
    void succeeded(ScriptContext context, Outgoing sent, ScriptResult result) {
        seen.putAll(sent.encoded());
        synced = true;
        writeBack(context, result, true);
    }

    /** The call failed: what it sent may not have reached Python, so it is sent again next time. */
    void failed(Outgoing sent) {
        sent.encoded().keySet().forEach(seen::remove);
    }

    /** Python has none of the bindings (a new worker): the next call sends them all. */
    void reset() {
        seen.clear();
        synced = false;
    }

    /**
     * A call that sent no bindings ({@code invokeFunction}) changed globals: they go to the
     * context's ENGINE_SCOPE. If those are not the bindings this mirror follows, it starts over.
     */
    void changedByCall(ScriptContext context, ScriptResult result) {
        boolean followed = context.getBindings(ScriptContext.ENGINE_SCOPE) == engineScope;
        writeBack(context, result, followed);
        if (!followed) {
            reset();
        }
    }

    private void writeBack(ScriptContext context, ScriptResult result, boolean remember) {
        Bindings engine = context.getBindings(ScriptContext.ENGINE_SCOPE);
        if (engine == null) {
            return;
        }
        result.changed().forEach((name, value) -> {
            engine.put((String) name, value);
            if (remember) {
                seen.put((String) name, CODEC.encodeValue(value));
            }
        });
        result.removed().forEach(name -> {
            engine.remove(name);
            seen.remove(name);
        });
    }

    // ENGINE_SCOPE hides GLOBAL_SCOPE, as ScriptContext.getAttribute looks them up.
    private static Map<String, Object> visible(Bindings global, Bindings engine) {
        Map<String, Object> visible = new LinkedHashMap<>();
        if (global != null) {
            visible.putAll(global);
        }
        if (engine != null) {
            visible.putAll(engine);
        }
        return visible;
    }

    /** The binding's encoding, or null when it cannot become a Python global. */
    private byte[] encode(String name, Object value) {
        if (!isPythonName(name)) {
            return null;  // javax.script.filename and friends are settings, not variables
        }
        byte[] encoded;
        try {
            encoded = CODEC.encodeValue(value);
        }
        catch (IllegalArgumentException e) {
            // jrunscript binds the engine itself as "engine": such values stay on the Java side.
            LOG.debug("binding '{}' skipped: {}", name, e.getMessage());
            return null;
        }
        if (heldElsewhere(value)) {
            LOG.debug("binding '{}' skipped: it holds a handle of another session", name);
            return null;
        }
        return encoded;
    }

    // Python's own check (str.isidentifier, keywords) runs in the worker; this one keeps out the
    // dotted names that JSR-223 uses for settings.
    static boolean isPythonName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int first = name.codePointAt(0);
        return (first == '_' || Character.isLetter(first)) && name.codePoints().allMatch(c -> c == '_' || Character.isLetterOrDigit(c));
    }

    // Called on values that encoded, so they are finite and free of cycles.
    private boolean heldElsewhere(Object value) {
        if (value instanceof PyRef ref) {
            return !ref.session().equals(session);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(this::heldElsewhere);
        }
        if (PyValues.kindOf(value) != PyValues.Kind.LIST) {
            return false;
        }
        for (Object element : PyValues.elements(value)) {
            if (heldElsewhere(element)) {
                return true;
            }
        }
        return false;
    }
}
