package dev.pybridge.core.event;

import dev.pybridge.api.error.ErrorCategory;

import java.util.Optional;

/**
 * Something that happened in a {@link dev.pybridge.core.SingleProcessBridge}. A sealed family of
 * records, so that a listener can tell them apart with {@code instanceof}; a pool tells the same
 * events as its {@code PoolEvent}s, which are made from these.
 *
 * @since 0.1
 */
public sealed interface BridgeEvent {

    /** A worker became ready, {@code startMillis} after it was launched. */
    record WorkerStarted(String worker, long pid, long startMillis, String host) implements BridgeEvent {

        /** A worker of this machine. */
        public WorkerStarted(String worker, long pid, long startMillis) {
            this(worker, pid, startMillis, "localhost");
        }
    }

    /** A worker could not be started. */
    record WorkerStartFailed(String reason) implements BridgeEvent {}

    /** A worker died without being asked to ({@code exit} says how); it is being replaced. */
    record WorkerCrashed(String worker, String exit) implements BridgeEvent {}

    /** A worker is being replaced because a call on it ({@code command}) passed its deadline. */
    record WorkerTimedOut(String worker, String command) implements BridgeEvent {}

    /** A worker is being replaced because it failed a check ({@code reason}); only a pool checks its workers so far. */
    record WorkerRetired(String worker, String reason) implements BridgeEvent {}

    /** A worker is being recycled ({@code reason}: call count, age or memory); only a pool recycles so far. */
    record WorkerRecycled(String worker, String reason) implements BridgeEvent {}

    /** A call finished, {@code nanos} after it was submitted: {@code error} is empty when it succeeded. */
    record CallCompleted(String command, long nanos, Optional<ErrorCategory> error) implements BridgeEvent {}

    /** A session was rebuilt on another worker. */
    record SessionMoved(String session, String from, String to) implements BridgeEvent {}

    /** Workers keep failing: the circuit opened after {@code failures} of them. */
    record CircuitOpened(int failures, String lastFailure) implements BridgeEvent {}

    /** A worker started after the circuit had opened: it closed. */
    record CircuitClosed() implements BridgeEvent {}
}
