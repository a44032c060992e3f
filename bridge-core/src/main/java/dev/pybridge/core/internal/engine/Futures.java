package dev.pybridge.core.internal.engine;

import java.util.concurrent.CompletionException;

/** Small helpers for the engine's futures. */
final class Futures {

    private Futures() {}

    /** The failure a stage saw, without the {@link CompletionException} that chained stages wrap it in. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
