package dev.pybridge.pool;

import dev.pybridge.api.error.ErrorCategory;

import java.util.Optional;

/**
 * Something that happened in a pool. A sealed family of records, so that a listener can switch
 * over them.
 *
 * @since 0.1
 */
public sealed interface PoolEvent {

    /** A worker became ready, {@code startMillis} after it was launched. */
    record WorkerStarted(String worker, long pid, long startMillis, String host) implements PoolEvent {

        /** A worker of this machine. */
        public WorkerStarted(String worker, long pid, long startMillis) {
            this(worker, pid, startMillis, "localhost");
        }
    }

    /** A worker could not be started. */
    record WorkerStartFailed(String reason) implements PoolEvent {}

    /** A worker died without being asked to ({@code exit} says how); it is being replaced. */
    record WorkerCrashed(String worker, String exit) implements PoolEvent {}

    /** A worker is being replaced because a call on it passed its deadline. */
    record WorkerTimedOut(String worker, String command) implements PoolEvent {}

    /** A worker is being replaced because it failed a health check ({@code reason}). */
    record WorkerRetired(String worker, String reason) implements PoolEvent {}

    /** A worker is being recycled ({@code reason}: call count, age or memory). */
    record WorkerRecycled(String worker, String reason) implements PoolEvent {}

    /**
     * A worker uses more resident memory than {@link PoolConfig#maxWorkerRssBytes()} before it
     * served any call: what every worker starts with (its imports, the all-workers calls) is over
     * the limit, so recycling could not help, and it is not recycled. Published once per pool.
     */
    record MemoryLimitUnreachable(String worker, long rssBytes, long limitBytes) implements PoolEvent {}

    /** A call finished: {@code error} is empty when it succeeded. */
    record CallCompleted(String command, long nanos, Optional<ErrorCategory> error) implements PoolEvent {}

    /** A session was rebuilt on another worker. */
    record SessionMoved(String session, String from, String to) implements PoolEvent {}

    /** A session was forgotten after being idle, or to make room. */
    record SessionExpired(String session) implements PoolEvent {}

    /** Starts keep failing: the circuit opened. */
    record CircuitOpened(int failures, String lastFailure) implements PoolEvent {}

    /** A start succeeded after the circuit had opened. */
    record CircuitClosed() implements PoolEvent {}
}
