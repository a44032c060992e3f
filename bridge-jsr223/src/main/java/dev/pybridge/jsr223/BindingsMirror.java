package dev.pybridge.jsr223;

import dev.pybridge.api.PyRef;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.protocol.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.script.Bindings;
import javax.script.ScriptContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a context's bindings and the session's Python globals in step, sending only what changed.
 *
 * <p>It remembers each binding as Python last saw it (sent, or reported back) and decides what
 * changed by {@link SeenBinding}'s rule, without encoding unchanged values. Which names it looks
 * at: in bindings the engine made ({@link TrackedBindings}), only those put or removed since the
 * last eval, plus the small mutable values that are compared by content; in any other
 * {@code Bindings} object, every name, each compared by that rule (cheap for values that did not
 * change, but one look per binding). The memory belongs to one pair of ENGINE_SCOPE and
 * GLOBAL_SCOPE bindings: a context with other bindings objects sends all of its own, and a worker
 * that lost the session (restarted without a replay) asks for all of them ({@code StaleBindings}).
 */
final class BindingsMirror {

    private static final Logger LOG = LoggerFactory.getLogger(BindingsMirror.class);
    private static final MessageCodec CODEC = new MessageCodec(BridgeConfig.MAX_FRAME_BYTES);

    private final String session;
    private final Map<String, SeenBinding> seen = new HashMap<>();
    // The names whose SeenBinding holds content: they are compared at every eval.
    private final Set<String> byContent = new HashSet<>();
    // The changes to a tracked ENGINE_SCOPE that were this mirror's own write-back, by name: not puts to send back.
    private final Map<String, Long> wroteBack = new HashMap<>();
    private Bindings engineScope;
    private Bindings globalScope;
    private long engineVersion;
    private long globalVersion;
    private boolean synced;

    /**
     * The bindings one call sends.
     *
     * @param values what to set as globals
     * @param removed the globals to delete: names Python saw that are in neither scope any more
     * @param seen what to remember of them once the call succeeds
     * @param incremental whether {@code values} holds only what changed, trusting the worker with the rest
     * @param engineVersion the ENGINE_SCOPE version these values include, if the engine tracks it
     * @param globalVersion the same for GLOBAL_SCOPE
     */
    record Outgoing(Map<String, Object> values, List<String> removed, Map<String, SeenBinding> seen, boolean incremental,
            long engineVersion, long globalVersion) {}

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
        long engineNow = version(engine);
        long globalNow = version(global);
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        Map<String, SeenBinding> remember = new HashMap<>();
        Set<String> put = synced ? putSince(engine, global) : Set.of();
        for (String name : synced ? candidates(put, engine, global) : everyName(global, engine)) {
            consider(name, put.contains(name), engine, global, values, remember, removed);
        }
        return new Outgoing(values, removed, remember, synced, engineNow, globalNow);
    }

    /** The call that sent {@code sent} succeeded: Python has it, and what it changed goes to ENGINE_SCOPE. */
    void succeeded(ScriptContext context, Outgoing sent, ScriptResult result) {
        sent.seen().forEach(this::remember);
        sent.removed().forEach(this::forget);
        engineVersion = sent.engineVersion();
        globalVersion = sent.globalVersion();
        synced = true;
        writeBack(context, result, true);
    }

    /** The call failed: what it sent may not have reached Python, so it is sent again next time. */
    void failed(Outgoing sent) {
        sent.seen().keySet().forEach(this::forget);
    }

    /** Python has none of the bindings (a new worker): the next call sends them all. */
    void reset() {
        seen.clear();
        wroteBack.clear();
        byContent.clear();
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
            if (engine instanceof TrackedBindings tracked && remember) {
                wroteBack.put((String) name, tracked.putNumbered((String) name, value));
            }
            else {
                engine.put((String) name, value);
            }
            if (remember) {
                remember((String) name, SeenBinding.of(value, SeenBinding.isImmutable(value) ? null : CODEC.encodeValue(value)));
            }
        });
        result.removed().forEach(name -> {
            engine.remove(name);
            forget((String) name);
        });
    }

    // The names that may differ from what Python saw: those changed in tracked bindings since the
    // last successful eval, every name of untracked ones (and every name Python saw, in case one
    // was removed from them), and the values compared by content.
    private Collection<String> candidates(Set<String> put, Bindings engine, Bindings global) {
        Set<String> names = new LinkedHashSet<>(put);
        addAll(names, global);
        addAll(names, engine);
        if (untracked(global) || untracked(engine)) {
            names.addAll(seen.keySet());
        }
        names.addAll(byContent);
        return names;
    }

    private static boolean untracked(Bindings bindings) {
        return bindings != null && !(bindings instanceof TrackedBindings);
    }

    private static void addAll(Set<String> names, Bindings bindings) {
        if (untracked(bindings)) {
            names.addAll(bindings.keySet());
        }
    }

    // The names put or removed in tracked bindings since the last successful eval, but for this
    // mirror's own write-back (which Python has): a put of the same object sends it again.
    private Set<String> putSince(Bindings engine, Bindings global) {
        Set<String> put = new LinkedHashSet<>();
        if (global instanceof TrackedBindings tracked) {
            put.addAll(tracked.changedSince(globalVersion).keySet());
        }
        if (engine instanceof TrackedBindings tracked) {
            tracked.changedSince(engineVersion).forEach((name, number) -> {
                if (!number.equals(wroteBack.get(name))) {
                    put.add(name);
                }
            });
        }
        wroteBack.clear();
        return put;
    }

    private static Collection<String> everyName(Bindings global, Bindings engine) {
        Set<String> names = new LinkedHashSet<>();
        if (global != null) {
            names.addAll(global.keySet());
        }
        if (engine != null) {
            names.addAll(engine.keySet());
        }
        return names;
    }

    private static long version(Bindings bindings) {
        return bindings instanceof TrackedBindings tracked ? tracked.version() : 0;
    }

    // ENGINE_SCOPE hides GLOBAL_SCOPE, as ScriptContext.getAttribute looks them up. A name that is
    // in neither any more was removed: its global goes too.
    private void consider(String name, boolean put, Bindings engine, Bindings global, Map<String, Object> values,
            Map<String, SeenBinding> remember, List<String> removed) {
        if (!isPythonName(name)) {
            return;  // javax.script.filename and friends are settings, not variables
        }
        Object value;
        if (engine != null && engine.containsKey(name)) {
            value = engine.get(name);
        }
        else if (global != null && global.containsKey(name)) {
            value = global.get(name);
        }
        else {
            if (seen.containsKey(name)) {
                removed.add(name);
            }
            return;
        }
        SeenBinding before = seen.get(name);
        boolean immutable = SeenBinding.isImmutable(value);
        if (before != null && (immutable || !put) && before.covers(value)) {
            return;
        }
        byte[] encoded = immutable ? null : encode(name, value);
        if (!immutable && encoded == null || heldElsewhere(name, value)) {
            return;
        }
        SeenBinding now = SeenBinding.of(value, encoded);
        if (before != null && before.sameContent(encoded)) {
            remember(name, now);  // an equal copy: Python has it already
            return;
        }
        values.put(name, value);
        remember.put(name, now);
    }

    private void remember(String name, SeenBinding binding) {
        seen.put(name, binding);
        if (binding.content() != null) {
            byContent.add(name);
        }
        else {
            byContent.remove(name);
        }
    }

    private void forget(String name) {
        seen.remove(name);
        byContent.remove(name);
    }

    /** The binding's encoding, or null when it cannot become a Python global. */
    private static byte[] encode(String name, Object value) {
        try {
            return CODEC.encodeValue(value);
        }
        catch (IllegalArgumentException e) {
            // jrunscript binds the engine itself as "engine": such values stay on the Java side.
            LOG.debug("binding '{}' skipped: {}", name, e.getMessage());
            return null;
        }
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

    private boolean heldElsewhere(String name, Object value) {
        if (heldElsewhere(value)) {
            LOG.debug("binding '{}' skipped: it holds a handle of another session", name);
            return true;
        }
        return false;
    }

    // Called on values that encoded (or immutable ones), so they are finite and free of cycles.
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
