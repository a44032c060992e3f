package dev.pybridge.core.program;

import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.ModuleKind;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.program.SignatureField;
import dev.pybridge.api.program.TokenUsage;
import dev.pybridge.api.error.ProtocolException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The program commands' arguments and replies, as python/PROTOCOL.md gives them. */
final class ProgramWire {

    private ProgramWire() {}

    static Map<String, Object> lmArgs(String scope, LmConfig lm) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("scope", scope);
        args.put("model", lm.model());
        lm.apiKey().ifPresent(key -> args.put("api_key", key.reveal()));
        lm.apiBase().ifPresent(base -> args.put("api_base", base));
        lm.temperature().ifPresent(value -> args.put("temperature", value));
        lm.maxTokens().ifPresent(value -> args.put("max_tokens", value));
        lm.cache().ifPresent(value -> args.put("cache", value));
        args.put("kwargs", lm.extra());
        lm.factory().ifPresent(target -> args.put("factory", target));
        return args;
    }

    static Map<String, Object> signature(Signature signature) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("inputs", fields(signature.inputs()));
        wire.put("outputs", fields(signature.outputs()));
        wire.put("instructions", signature.instructions().orElse(null));
        return wire;
    }

    private static List<Object> fields(List<SignatureField> fields) {
        List<Object> wire = new ArrayList<>();
        for (SignatureField field : fields) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", field.name());
            entry.put("type", field.type().pythonForm());
            entry.put("description", field.description().orElse(null));
            wire.add(entry);
        }
        return wire;
    }

    /** The worker's description of a program of {@code signature}; its inputs and outputs are the signature's own (no reasoning). */
    static ProgramInfo info(Object reply, Signature signature) {
        Map<?, ?> map = map(reply, "program");
        return new ProgramInfo(text(map, "program_id"), ModuleKind.fromName(text(map, "kind")), text(map, "signature"),
                signature.inputs().stream().map(SignatureField::name).toList(),
                signature.outputs().stream().map(SignatureField::name).toList(), stringKeys(map.get("options")));
    }

    static Map<String, TokenUsage> usage(Object value) {
        Map<String, TokenUsage> usage = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> byModel) {
            byModel.forEach((model, counts) -> usage.put(String.valueOf(model), tokens(counts)));
        }
        return usage;
    }

    private static TokenUsage tokens(Object counts) {
        if (!(counts instanceof Map<?, ?> map)) {
            return TokenUsage.NONE;
        }
        long prompt = count(map.get("prompt_tokens"));
        long completion = count(map.get("completion_tokens"));
        long total = map.get("total_tokens") == null ? prompt + completion : count(map.get("total_tokens"));
        return new TokenUsage(prompt, completion, total);
    }

    static List<LmExchange> exchanges(String programId, Object value, String worker) {
        List<LmExchange> exchanges = new ArrayList<>();
        if (value instanceof List<?> entries) {
            for (Object entry : entries) {
                Map<?, ?> map = map(entry, "LM exchange");
                Object usage = map.get("usage");
                Object cost = map.get("cost");
                exchanges.add(new LmExchange(programId, String.valueOf(map.get("model")), instant(map.get("timestamp")),
                        list(map.get("messages")), Optional.ofNullable(map.get("prompt")).map(String::valueOf),
                        list(map.get("outputs")),
                        usage instanceof Map<?, ?> counts && !counts.isEmpty() ? Optional.of(tokens(counts)) : Optional.empty(),
                        cost instanceof Number number ? OptionalDouble.of(number.doubleValue()) : OptionalDouble.empty(),
                        worker));
            }
        }
        return exchanges;
    }

    private static Instant instant(Object value) {
        try {
            return value == null ? Instant.now() : Instant.parse(String.valueOf(value));
        }
        catch (DateTimeParseException e) {
            // Python's isoformat() of a naive time has no zone: the exchange happened now, near enough.
            return Instant.now();
        }
    }

    static Map<?, ?> map(Object reply, String what) {
        if (reply instanceof Map<?, ?> map) {
            return map;
        }
        throw new ProtocolException("the worker answered a " + what + " with " + (reply == null ? "null" : reply.getClass().getSimpleName())
                + " instead of a map: is the worker's pybridge package the one this bridge-core shipped?");
    }

    static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof String text) {
            return text;
        }
        throw new ProtocolException("the worker's reply lacks the text '" + key + "': " + map.keySet());
    }

    static Map<String, Object> stringKeys(Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, element) -> map.put(String.valueOf(key), element));
        }
        return map;
    }

    private static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(element == null ? "" : element));
            return copy;
        }
        return List.of();
    }

    private static long count(Object value) {
        return value instanceof Number number ? Math.max(0, number.longValue()) : 0;
    }
}
