package dev.pybridge.core.internal.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Small helpers for the engine's futures. */
final class Futures {

    private Futures() {}

    /** The failure a stage saw, without the {@link CompletionException} that chained stages wrap it in. */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Waits up to {@code nanos} for {@code future}; true when it completed (in any way). Keeps an interrupt. */
    static boolean await(CompletableFuture<?> future, long nanos) {
        try {
            future.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return future.isDone();
        }
        catch (Exception e) {
            return future.isDone();
        }
    }
}
