package dev.pybridge.core.internal.engine;

import dev.pybridge.api.Call;
import dev.pybridge.core.status.WorkerStatus;
import dev.pybridge.core.internal.worker.Worker;
import dev.pybridge.core.internal.worker.WorkerStarter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One place in the engine and the worker that fills it. Mutable fields are guarded by the
 * {@link WorkerTable}'s lock; {@link #worker} is set once, before the slot is ready.
 */
public final class Slot {

    final String id;
    final long launchedNanos;
    private volatile Worker worker;
    WorkerStarter.Start start;
    SlotState state = SlotState.STARTING;
    int leases;
    /** Calls their callers gave up that the worker has not stopped yet; while there are any, it takes no new call. */
    int abandonedRunning;
    long calls;
    long lastLeasedNanos;
    volatile long readyNanos;
    /** Set when the slot has been chosen for recycling; it serves until its replacement is ready. */
    String recycleReason;
    boolean stopping;
    /** How long the worker may take to finish when it is stopped after draining. */
    Duration drainGrace;
    /** How many entries of the all-workers log this worker has applied; written by one applier at a time. */
    volatile int allWorkersApplied;
    /** The run of the all-workers calls it lacks, if one is in progress. */
    CompletableFuture<Void> applyingAllWorkersCalls;

    Slot(String id, long launchedNanos) {
        this.id = id;
        this.launchedNanos = launchedNanos;
    }

    /** The id of the {@code n}-th worker an engine named {@code engine} starts, from 1. */
    static String workerId(String engine, long n) {
        return engine + "-w" + n;
    }

    public String id() {
        return id;
    }

    /** The worker, once its process runs. */
    Worker worker() {
        return worker;
    }

    /**
     * The worker's state now.
     *
     * @throws IllegalStateException if it has not sent its ready frame
     */
    public WorkerStatus status() {
        Worker started = worker;
        if (started == null) {
            throw new IllegalStateException("worker " + id + " has not started");
        }
        return started.status();
    }

    /** Whether the slot's worker runs. */
    public boolean isAlive() {
        Worker started = worker;
        return started != null && started.isAlive();
    }

    /** Sends {@code call} to the worker without waiting for a reply or a lease (housekeeping: closing a forgotten session). */
    public void post(Call call) {
        Worker started = worker;
        if (started != null && started.isAlive()) {
            started.post(call);
        }
    }

    /** When the worker became ready, on the engine's clock. */
    /**
     * Sends {@code call} to the worker behind whatever it runs, without a lease: for checks. With
     * a {@code timeout} shorter than what the worker runs, the worker is replaced as after any
     * call past its deadline.
     */
    public CompletableFuture<Object> ask(Call call, Duration timeout) {
        return worker.ask(call, timeout);
    }

    public long readyNanos() {
        return readyNanos;
    }

    void attach(Worker started) {
        worker = started;
    }

    boolean serving() {
        return state == SlotState.READY;
    }

    @Override
    public String toString() {
        return id + "[" + state + ", " + leases + " leased]";
    }
}
