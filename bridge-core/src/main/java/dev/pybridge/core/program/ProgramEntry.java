package dev.pybridge.core.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A program as the adapter knows it: what it was created from and the state loaded into it. The
 * Java side is the program's source of truth, so that a worker that lost it (its session expired,
 * or moved) can be given it again, and any worker can build it to run one input of a batch.
 */
record ProgramEntry(ProgramSpec spec, ProgramInfo info, Optional<ProgramState> state, Map<String, Object> definition) {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    ProgramEntry {
        definition = Collections.unmodifiableMap(new LinkedHashMap<>(definition));
    }

    static ProgramEntry of(ProgramSpec spec, ProgramInfo info, Optional<ProgramState> state, String lmScope) {
        return new ProgramEntry(spec, info, state, definition(info.id(), spec, state, lmScope));
    }

    ProgramEntry withState(ProgramState loaded, ProgramInfo updated, String lmScope) {
        return of(spec, updated, Optional.of(loaded), lmScope);
    }

    /** The arguments of {@code create_program} that made it. */
    static Map<String, Object> createArgs(String id, ProgramSpec spec, String lmScope) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("program_id", id);
        args.put("signature", ProgramWire.signature(spec.signature()));
        args.put("kind", spec.kind().wireName());
        args.put("options", spec.options());
        args.put("lm_scope", lmScope);
        return args;
    }

    // What execute_program takes instead of a program id: the program itself, named by a digest of its
    // content, so that a worker builds each program once however many inputs it runs.
    private static Map<String, Object> definition(String id, ProgramSpec spec, Optional<ProgramState> state, String lmScope) {
        Map<String, Object> definition = createArgs(id, spec, lmScope);
        definition.put("state", state.map(ProgramState::state).orElse(null));
        definition.put("digest", digest(definition));
        return definition;
    }

    private static String digest(Map<String, Object> definition) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(definition);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        }
        catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest program " + definition.get("program_id"), e);
        }
    }
}
