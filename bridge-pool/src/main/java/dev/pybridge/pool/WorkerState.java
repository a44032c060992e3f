package dev.pybridge.pool;

/**
 * Where a pool's worker is in its life.
 *
 * @since 0.1
 */
public enum WorkerState {
    /** Launched; not yet ready, or running the all-workers calls before it serves. */
    STARTING,
    /** Serving calls. */
    READY,
    /** Finishing the calls it has before it is stopped (recycled, or replaced after a timeout); gets no new ones. */
    DRAINING
}
