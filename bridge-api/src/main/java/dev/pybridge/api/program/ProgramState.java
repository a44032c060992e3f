package dev.pybridge.api.program;

import dev.pybridge.api.PyValues;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a program has learned (its demos, its instructions), as DSPy saves it: the JSON data of
 * {@code Module.dump_state()}, never a pickle. Write it out with any JSON library and give it
 * back to {@link Adapter#loadProgram} later, in this JVM or another.
 *
 * @param state the JSON data: maps, lists, strings, numbers, booleans and nulls
 * @since 0.2
 */
public record ProgramState(Map<String, Object> state) {

    public ProgramState {
        state = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(state, "state is null")));
        PyValues.requireSupported("state", state);
    }
}
