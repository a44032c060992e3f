package dev.pybridge.api.program;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A program an adapter holds.
 *
 * @param id the program's id
 * @param kind its module
 * @param signature its signature in DSPy's string form
 * @param inputs the names of its inputs
 * @param outputs the names of its outputs (not the reasoning)
 * @param options its module's options
 * @since 0.2
 */
public record ProgramInfo(String id, ModuleKind kind, String signature, List<String> inputs, List<String> outputs,
        Map<String, Object> options) {

    public ProgramInfo {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(signature, "signature is null");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
    }
}
