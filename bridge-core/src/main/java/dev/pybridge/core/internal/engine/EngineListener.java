package dev.pybridge.core.internal.engine;

import dev.pybridge.api.error.ErrorCategory;

import java.util.Optional;

/**
 * What happens in an engine, for a bridge to pass on (the pool's events, logs, metrics). Called on
 * the engine's threads, outside its lock; keep it short and never block.
 */
public interface EngineListener {

    /** A worker became ready, {@code startMillis} after it was launched. */
    default void workerStarted(String worker, long pid, long startMillis, String host) {}

    /** A worker could not be started. */
    default void workerStartFailed(String reason) {}

    /** A worker died without being asked to ({@code exit} says how); it is being replaced. */
    default void workerCrashed(String worker, String exit) {}

    /** A worker is being replaced because a call on it passed its deadline. */
    default void workerTimedOut(String worker, String command) {}

    /** A worker is being replaced because it failed a check ({@code reason}). */
    default void workerRetired(String worker, String reason) {}

    /** A worker is being recycled ({@code reason}: call count, age, memory). */
    default void workerRecycled(String worker, String reason) {}

    /** A call finished: {@code error} is empty when it succeeded. */
    default void callCompleted(String command, long nanos, Optional<ErrorCategory> error) {}

    /** A worker served a call, its {@code calls}-th since it started. */
    default void workerServed(Slot slot, long calls) {}

    /** A session was rebuilt on another worker. */
    default void sessionMoved(String session, String from, String to) {}

    /** Starts keep failing: the circuit opened. */
    default void circuitOpened(int failures, String lastFailure) {}

    /** A worker started after the circuit had opened: it closed. */
    default void circuitClosed() {}
}
