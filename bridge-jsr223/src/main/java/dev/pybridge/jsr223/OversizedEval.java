package dev.pybridge.jsr223;

import dev.pybridge.api.PyValues;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.protocol.MessageCodec;

import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.ScriptException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Explains why the bridge refused to send an eval's request: it says which binding (or the script
 * itself) made the request larger than the bridge's frame limit, and what to do about it.
 */
final class OversizedEval {

    private static final MessageCodec CODEC = new MessageCodec(BridgeConfig.MAX_FRAME_BYTES);

    private OversizedEval() {}

    /**
     * The ScriptException for an eval whose request {@code args} the bridge refused with
     * {@code refused}, before anything reached Python. The bindings left out every value that
     * cannot cross, so the refusal is the frame limit (its message gives the request's size and the
     * limit); should a value still fail the bridge's own check, the exception says that instead.
     */
    static ScriptException explain(IllegalArgumentException refused, Map<String, Object> args, BindingsMirror.Outgoing sent,
            ScriptContext context) {
        ScriptException error;
        try {
            PyValues.requireSupported("args", args);
            error = new ScriptException(tooLarge(refused, (String) args.get("code"), sent, context));
        }
        catch (IllegalArgumentException unsupported) {
            error = new ScriptException("eval could not send its request to Python, and nothing ran: " + unsupported.getMessage());
        }
        error.initCause(refused);
        return error;
    }

    private static String tooLarge(IllegalArgumentException refused, String code, BindingsMirror.Outgoing sent, ScriptContext context) {
        List<Map.Entry<String, Integer>> bySize = sent.values().entrySet().stream()
                .map(binding -> Map.entry(binding.getKey(), CODEC.encodeValue(binding.getValue()).length))
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> binding) -> binding.getValue()).reversed())
                .toList();
        int scriptBytes = code.getBytes(StandardCharsets.UTF_8).length;
        if (bySize.isEmpty() || bySize.get(0).getValue() < scriptBytes) {
            return "the script itself is " + scriptBytes + " bytes, too large to send to Python (" + refused.getMessage()
                    + "); nothing ran. Split it into several evals, or raise BridgeConfig.maxFrameBytes" + ownBridge() + ".";
        }
        String name = bySize.get(0).getKey();
        long others = bySize.stream().skip(1).mapToLong(Map.Entry::getValue).sum();
        return "binding '" + name + "' (" + scope(name, context) + ") is " + bySize.get(0).getValue()
                + " bytes on the wire, too large to send to Python with this eval (" + refused.getMessage() + ")"
                + (bySize.size() > 1 ? "; the eval also sends " + (bySize.size() - 1) + " other binding(s) of " + others + " bytes" : "")
                + ". Nothing ran, and each eval fails so while the binding holds this value: remove it or make it smaller, raise"
                + " BridgeConfig.maxFrameBytes" + ownBridge() + ", or pass the data another way, such as a file whose path you bind.";
    }

    private static String ownBridge() {
        return " on a bridge of your own (engines from PythonScriptEngineFactory.over(bridge); the factory that"
                + " ScriptEngineManager makes keeps the default of " + (BridgeConfig.DEFAULT_MAX_FRAME_BYTES >> 20)
                + " MiB)";
    }

    // ENGINE_SCOPE hides GLOBAL_SCOPE, as the mirror reads them.
    private static String scope(String name, ScriptContext context) {
        Bindings engine = context.getBindings(ScriptContext.ENGINE_SCOPE);
        return engine != null && engine.containsKey(name) ? "ENGINE_SCOPE" : "GLOBAL_SCOPE";
    }
}
