package dev.pybridge.api.program;

/**
 * Reads a prediction's outputs as Java types. Implementations of {@link Adapter} supply one
 * (bridge-core's reads through Jackson), so that this API depends on the JDK only.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface OutputReader {

    /**
     * {@code value} (JSON data: maps, lists, strings, numbers, booleans, null) as a {@code type}.
     *
     * @throws IllegalArgumentException when it does not fit {@code type}, saying why
     */
    <T> T read(Object value, Class<T> type);
}
