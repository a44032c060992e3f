package dev.pybridge.pool.internal;

import dev.pybridge.core.worker.Worker;
import dev.pybridge.pool.WorkerState;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One place in the pool and the worker that fills it. Mutable fields are guarded by the
 * {@link WorkerPool}'s lock; {@link #worker} is set once, before the slot is ready.
 */
public final class Slot {

    final String id;
    final long launchedNanos = System.nanoTime();
    private volatile Worker worker;
    WorkerState state = WorkerState.STARTING;
    int leases;
    long calls;
    long lastLeasedNanos;
    volatile long readyNanos;
    /** Set when the slot has been chosen for recycling; it serves until its replacement is ready. */
    String recycleReason;
    boolean stopping;
    /** How long the worker may take to finish when it is stopped after draining. */
    Duration drainGrace;
    /** How many pool-wide entries this worker has applied; written by one applier at a time. */
    volatile int poolWideApplied;
    /** The catch-up with pool-wide state in progress, if any. */
    CompletableFuture<Void> catchingUp;

    Slot(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The worker, once started. */
    public Worker worker() {
        return worker;
    }

    void attach(Worker started) {
        worker = started;
    }

    boolean serving() {
        return state == WorkerState.READY;
    }

    @Override
    public String toString() {
        return id + "[" + state + ", " + leases + " leased]";
    }
}
