package dev.pybridge.api;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeInterruptedException;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends commands to Python workers and returns their results.
 *
 * <p>Every call has a deadline (its own, or the bridge's default); a call never waits longer. A
 * failed call throws (or completes its future with) a {@link BridgeException} whose
 * {@link BridgeException#category() category} tells what went wrong and whether a retry can help.
 * Implementations are thread-safe. Closing a bridge lets in-flight calls finish up to a grace
 * period, then stops every Python process it started.
 *
 * <p>Values cross as described by {@link PyValues}.
 *
 * @since 0.1
 */
public interface PythonBridge extends AutoCloseable {

    /**
     * Sends a call and returns its eventual result. The future completes exceptionally with a
     * {@link BridgeException}; cancelling it abandons the call (its reply is dropped).
     *
     * @throws IllegalArgumentException if an argument cannot cross to Python (see {@link PyValues})
     */
    CompletableFuture<Object> submit(Call call);

    /**
     * Sends a call and waits for its result.
     *
     * @throws BridgeException when the call fails; {@link BridgeInterruptedException} when the
     *     waiting thread is interrupted (the call is abandoned and the interrupt flag stays set)
     * @throws IllegalArgumentException if an argument cannot cross to Python (see {@link PyValues})
     */
    default Object call(Call call) {
        CompletableFuture<Object> result = submit(call);
        try {
            return result.get();
        }
        catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted while waiting for '" + call.command() + "'", e);
        }
        catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
        catch (CancellationException e) {
            throw new BridgeInterruptedException("'" + call.command() + "' was cancelled", e);
        }
    }

    /**
     * Sends a call, waits for its result and converts it to {@code type} (see
     * {@link PyValues#convert}): {@code bridge.call(Call.invoke("numpy:linspace", 0, 1, 5), double[].class)}.
     *
     * @throws IllegalArgumentException if the result does not convert to {@code type}
     * @since 0.2
     */
    default <T> T call(Call call, Class<T> type) {
        Object result = call(call);
        try {
            return PyValues.convert(result, type);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the result of '" + call.command() + "' does not fit: " + e.getMessage(), e);
        }
    }

    /** Sends {@code command} with {@code args} and waits for the result. */
    default Object call(String command, Map<String, ?> args) {
        return call(Call.of(command, args));
    }

    /** Evaluates a Python expression in the default namespace and returns its value. */
    default Object eval(String expression) {
        return call(Call.eval(expression));
    }

    /**
     * Runs Python statements in the default namespace; returns the value of a final expression
     * statement, or null.
     */
    default Object exec(String code) {
        return call(Call.exec(code));
    }

    /**
     * Calls a Python callable: {@code "package.module:function"} imports the module first;
     * {@code "function"} is looked up in the default namespace.
     */
    default Object invoke(String target, Object... args) {
        return call(Call.invoke(target, args));
    }

    /** Drains in-flight calls up to the grace period, then stops every worker. Idempotent. */
    @Override
    void close();

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("unexpected checked exception from a bridge", cause);
    }
}
