package dev.pybridge.testkit.mock;

import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.program.ModuleKind;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.api.program.SignatureField;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A program the mock adapter holds: its spec and its state. The state is what DSPy's would hold
 * for the purpose of a round trip: the kind and signature it fits, and demos (none, until a
 * loaded state brings some); a state from a program of another kind or signature does not load.
 */
record MockProgram(String id, ProgramSpec spec, ProgramState state) {

    static MockProgram of(String id, ProgramSpec spec) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("kind", spec.kind().wireName());
        state.put("signature", spec.signature().text());
        state.put("demos", List.of());
        return new MockProgram(id, spec, new ProgramState(state));
    }

    /** Its info; the outputs are the signature's (the reasoning of a chain of thought is not one). */
    ProgramInfo info() {
        return new ProgramInfo(id, spec.kind(), spec.signature().text(), names(spec.signature().inputs()),
                names(spec.signature().outputs()), spec.options());
    }

    boolean reasons() {
        return spec.kind() == ModuleKind.CHAIN_OF_THOUGHT;
    }

    /**
     * This program with {@code loaded} as its state.
     *
     * @throws InvalidRequestException if the state was saved from a program of another kind or signature
     */
    MockProgram load(ProgramState loaded) {
        Map<String, Object> mine = state.state();
        Map<String, Object> theirs = loaded.state();
        if (!Objects.equals(mine.get("kind"), theirs.get("kind")) || !Objects.equals(mine.get("signature"), theirs.get("signature"))) {
            throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS, "the state does not fit program '"
                    + id + "', a " + mine.get("kind") + " program of " + mine.get("signature") + ": it was saved from a "
                    + theirs.get("kind") + " program of " + theirs.get("signature")
                    + "; load a state saved from a program of the same kind and signature");
        }
        return new MockProgram(id, spec, loaded);
    }

    private static List<String> names(List<SignatureField> fields) {
        return fields.stream().map(SignatureField::name).toList();
    }
}
