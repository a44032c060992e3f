package dev.pybridge.core.worker;

import dev.pybridge.api.error.BridgeInterruptedException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for a call's future and throwing what it failed with, as the caller's own exception. */
final class Futures {

    private Futures() {}

    static Object join(CompletableFuture<Object> future) {
        try {
            return future.get();
        }
        catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted while waiting for a worker's reply", e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("unexpected checked failure of a call", e.getCause());
        }
        catch (CancellationException e) {
            throw new BridgeInterruptedException("the call was cancelled", e);
        }
    }
}
