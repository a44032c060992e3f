package dev.pybridge.api.program;

/**
 * A running implementation of DSPy programs, made by an {@link dev.pybridge.api.spi.AdapterProvider}.
 *
 * <p>A placeholder that carries only {@link #close()}, so that the provider catalog compiles; the
 * full interface replaces it.
 *
 * @since 0.2
 */
public interface Adapter extends AutoCloseable {

    /** Releases what this adapter holds: its workers, sessions and threads. */
    @Override
    void close();
}
