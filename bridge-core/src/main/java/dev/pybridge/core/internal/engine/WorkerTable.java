package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.internal.worker.Worker;
import dev.pybridge.core.internal.worker.WorkerExit;
import dev.pybridge.core.internal.worker.WorkerStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The engine's workers: keeps {@code size} of them serving, starting them in parallel, replacing
 * the dead and the stuck, recycling the worn, and holding back starts as its {@link StartGovernor}
 * says. Leases them to calls through its {@link Leases}. Everything mutable is guarded by one lock;
 * futures are completed after it is released, since completing one runs the caller's next step.
 */
final class WorkerTable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerTable.class);

    private static final int SIGKILL = 9;

    private final EngineConfig config;
    private final WorkerStarter starter;
    private final EngineTime time;
    private final EngineListener events;
    private final AllWorkersLog allWorkers;
    private final Runnable afterFirstStart;
    private final Function<Slot, CompletableFuture<Void>> beforeServing;
    private final Object lock = new Object();
    private final List<Slot> slots = new ArrayList<>();
    private final Leases leases;
    private final StartGovernor governor;
    private final List<CompletableFuture<Void>> fullWaiters = new ArrayList<>();
    private long sequence;
    private boolean fillScheduled;
    private String lastStartFailure = "none";
    private Throwable lastStartFailureCause;
    private boolean closed;
    private CompletableFuture<Void> drained;
    private long workersStarted;
    private long startFailures;
    private long crashes;
    private long timeouts;
    private long retired;
    private long recycled;

    /**
     * @param afterFirstStart run once, when the first worker has become ready
     * @param beforeServing run on each worker once it has every all-workers call, before it serves
     */
    WorkerTable(EngineConfig config, WorkerStarter starter, EngineTime time, EngineListener events, AllWorkersLog allWorkers,
            Runnable afterFirstStart, Function<Slot, CompletableFuture<Void>> beforeServing) {
        this.config = requireNonNull(config, "config is null");
        this.starter = requireNonNull(starter, "starter is null");
        this.time = requireNonNull(time, "time is null");
        this.events = requireNonNull(events, "events is null");
        this.allWorkers = requireNonNull(allWorkers, "allWorkers is null");
        this.afterFirstStart = requireNonNull(afterFirstStart, "afterFirstStart is null");
        this.beforeServing = requireNonNull(beforeServing, "beforeServing is null");
        this.governor = new StartGovernor(config.bridge().restartPolicy());
        this.leases = new Leases(config, time, lock, slots, this::noneServing);
    }

    /** Starts the missing workers, in parallel. */
    void fill() {
        synchronized (lock) {
            fillLocked();
        }
    }

    /**
     * Completes when {@code size} workers serve. A failed start is retried like any replacement;
     * the future fails only when a start fails for a reason no retry can mend (the interpreter
     * cannot be used), or when the circuit opens.
     */
    CompletableFuture<Void> whenFull() {
        synchronized (lock) {
            CompletableFuture<Void> full = new CompletableFuture<>();
            if (serving() >= config.size()) {
                full.complete(null);
            }
            else {
                fullWaiters.add(full);
                fillLocked();
            }
            return full;
        }
    }

    /**
     * Leases a worker for one call: {@code preferred}, if serving, when it has room; with
     * {@code strict} the call waits for it. Fails when no worker frees up before the deadline, the
     * queue is full, no worker can be started, or the engine is closed.
     */
    CompletableFuture<Slot> acquire(Slot preferred, boolean strict, Deadline deadline) {
        return enqueue(preferred, strict, false, deadline);
    }

    private CompletableFuture<Slot> enqueue(Slot preferred, boolean strict, boolean exact, Deadline deadline) {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new BridgeClosedException(config.name() + " is closed"));
            }
            if (slots.size() < config.size()) {
                fillLocked();
            }
            return leases.acquireLocked(preferred, strict, exact, deadline, circuitRefusal());
        }
    }

    /** Returns a lease after a call; the worker goes to the next waiter, or stops if it is draining. */
    void release(Slot slot) {
        release(slot, true);
    }

    /** Returns a lease that served no call (a health check, applying the all-workers calls). */
    void returnLease(Slot slot) {
        release(slot, false);
    }

    private void release(Slot slot, boolean afterCall) {
        List<Runnable> after = new ArrayList<>();
        long calls;
        synchronized (lock) {
            slot.leases--;
            if (afterCall) {
                slot.calls++;
            }
            calls = slot.calls;
            if (slot.state == SlotState.DRAINING && slot.leases == 0) {
                after.add(stopLocked(slot));
            }
            leases.dispatchLocked(after);
            if (closed && drained != null && slots.stream().allMatch(each -> each.leases == 0)) {
                after.add(() -> drained.complete(null));
            }
        }
        after.forEach(Runnable::run);
        if (afterCall) {
            events.workerServed(slot, calls);
        }
    }

    /** Leases {@code slot} at once if it serves and has no calls (a health check on an idle worker). */
    boolean tryLeaseIdle(Slot slot) {
        synchronized (lock) {
            return !closed && leases.tryLeaseIdleLocked(slot);
        }
    }

    /** Marks {@code slot} for recycling (one worker at a time): it serves until its replacement is ready. */
    void recycle(Slot slot, String reason) {
        synchronized (lock) {
            boolean another = slots.stream().anyMatch(other -> other != slot && other.recycleReason != null);
            if (closed || slot.recycleReason != null || slot.state != SlotState.READY || another) {
                return;
            }
            LOG.info("{}: recycling worker {}: {}", config.name(), slot.id, reason);
            slot.recycleReason = reason;
            recycled++;
            fillLocked();
        }
        events.workerRecycled(slot.id, reason);
    }

    /** Takes {@code slot} out of service at once (it failed a check); it is stopped when idle and replaced. */
    void retire(Slot slot, String reason) {
        if (drain(slot, () -> retired++)) {
            LOG.warn("{}: worker {} {}; replacing it", config.name(), slot.id, reason);
            events.workerRetired(slot.id, reason);
        }
    }

    /** The slots serving now. */
    List<Slot> servingSlots() {
        synchronized (lock) {
            return slots.stream().filter(Slot::serving).toList();
        }
    }

    /**
     * Records an all-workers call and returns the workers serving at this moment, which must each
     * catch up with it; a worker still starting applies it before it serves.
     */
    AllWorkersTargets appendAllWorkers(Call call) {
        synchronized (lock) {
            return new AllWorkersTargets(allWorkers.append(call), slots.stream().filter(Slot::serving).toList());
        }
    }

    /** An all-workers call just recorded, and the workers that must apply it now. */
    record AllWorkersTargets(AllWorkersLog.Entry entry, List<Slot> targets) {}

    /**
     * Applies to {@code slot}, under a lease of that very worker, the all-workers calls it lacks. A
     * worker that cannot take them is retired; the future then fails with the reason.
     */
    CompletableFuture<Void> applyAllWorkersCalls(Slot slot, Deadline deadline) {
        CompletableFuture<Void> done;
        synchronized (lock) {
            if (slot.applyingAllWorkersCalls == null && slot.allWorkersApplied >= allWorkers.size()) {
                return CompletableFuture.completedFuture(null);
            }
            if (slot.applyingAllWorkersCalls != null) {
                // That run may have read the log before this entry arrived: go again after it.
                return slot.applyingAllWorkersCalls.handle((applied, failure) -> null).thenCompose(previous -> applyAllWorkersCalls(slot, deadline));
            }
            done = new CompletableFuture<>();
            slot.applyingAllWorkersCalls = done;
        }
        enqueue(slot, true, true, deadline)
                .thenCompose(leased -> allWorkers.applyPending(slot, deadline).whenComplete((applied, failure) -> returnLease(slot)))
                .whenComplete((applied, failure) -> {
                    synchronized (lock) {
                        slot.applyingAllWorkersCalls = null;
                    }
                    if (failure == null) {
                        done.complete(null);
                        return;
                    }
                    Throwable cause = Futures.unwrap(failure);
                    retire(slot, "could not apply the calls every worker must run: " + cause.getMessage());
                    done.completeExceptionally(cause);
                });
        return done;
    }

    /**
     * The workers and the counters at one moment, passed to {@code withTheRest}, which runs under the
     * table's lock so that what else it reads belongs to the same moment.
     */
    <T> T snapshot(Function<TableSnapshot, T> withTheRest) {
        synchronized (lock) {
            Map<SlotState, Integer> states = new EnumMap<>(SlotState.class);
            slots.forEach(slot -> states.merge(slot.state, 1, Integer::sum));
            return withTheRest.apply(new TableSnapshot(states, leases.queuedLocked(), workersStarted, startFailures, crashes, timeouts,
                    retired, recycled, governor.isOpen()));
        }
    }

    /** What the table counts; see {@link EngineStats}. */
    record TableSnapshot(Map<SlotState, Integer> workers, int queued, long workersStarted, long startFailures, long crashes,
            long timeouts, long retired, long recycled, boolean circuitOpen) {}

    /**
     * Refuses new calls, fails the waiting ones, and gives up the starts in progress; returns what
     * is left to drain and stop.
     */
    Closing close() {
        List<Waiter> refused;
        List<Slot> all;
        List<Slot> stopping;
        CompletableFuture<Void> drainedNow;
        synchronized (lock) {
            if (closed) {
                return new Closing(List.of(), List.of(), CompletableFuture.completedFuture(null));
            }
            closed = true;
            refused = leases.clearLocked();
            drained = new CompletableFuture<>();
            if (slots.stream().allMatch(slot -> slot.leases == 0)) {
                drained.complete(null);
            }
            all = List.copyOf(slots);
            stopping = slots.stream().filter(slot -> slot.stopping).toList();
            drainedNow = drained;
        }
        BridgeClosedException reason = new BridgeClosedException(config.name() + " was closed while the call waited for a worker");
        refused.forEach(waiter -> waiter.fail(reason));
        BridgeClosedException abandoned = new BridgeClosedException(config.name() + " was closed while the worker started");
        all.stream().filter(slot -> slot.state == SlotState.STARTING).forEach(slot -> slot.start.abandon(abandoned));
        return new Closing(all, stopping, drainedNow);
    }

    /**
     * What {@link #close()} leaves: every slot it had (each slot's start says when its process has
     * ended), those whose workers were stopping already, and a future that completes when the last
     * call in flight has returned its worker. A worker is stopped only once no call holds it, so
     * one that was stopping runs nothing a caller waits for (a timed-out loop, say).
     */
    record Closing(List<Slot> slots, List<Slot> alreadyStopping, CompletableFuture<Void> drained) {}

    // --- starting and replacing workers -------------------------------------------------------

    private void fillLocked() {
        if (closed) {
            return;
        }
        long now = time.nanoTime();
        long active = slots.stream().filter(slot -> slot.state != SlotState.DRAINING && slot.recycleReason == null).count();
        int missing = (int) (config.size() - active);
        if (missing <= 0) {
            return;
        }
        if (governor.isOpen()) {
            boolean probing = slots.stream().anyMatch(slot -> slot.state == SlotState.STARTING);
            if (probing || !governor.tryProbe(now)) {
                scheduleFill(probing ? config.bridge().restartPolicy().probeInterval().toNanos() : governor.delayNanos(now));
                return;
            }
            LOG.info("{}: circuit open; probing with one start", config.name());
            startLocked(now);
            return;
        }
        long delay = governor.delayNanos(now);
        if (delay > 0) {
            scheduleFill(delay);
            return;
        }
        for (int i = 0; i < missing; i++) {
            startLocked(now);
        }
    }

    private void startLocked(long now) {
        Slot slot = new Slot(Slot.workerId(config.name(), ++sequence), now);
        slots.add(slot);
        slot.start = starter.start(slot.id, new SlotListener(slot));
        slot.start.ready().thenCompose(worker -> {
            slot.attach(worker);
            return prepare(slot);
        }).whenComplete((prepared, failure) -> started(slot, failure));
    }

    private CompletableFuture<Void> prepare(Slot slot) {
        return allWorkers.applyPending(slot, Deadline.after(time, config.bridge().startupTimeout()))
                .thenCompose(applied -> beforeServing.apply(slot));
    }

    // Puts the slot in service once it is ready and has every all-workers call; the books are updated first.
    private void started(Slot slot, Throwable failure) {
        List<Runnable> after = new ArrayList<>();
        Throwable cause = Futures.unwrap(failure);
        Worker starting = slot.worker();
        if (cause == null && starting != null && !starting.isAlive()) {
            // It sent its ready frame and died before its start was heard of: exited() left that death to this start, so
            // it is the start's failure; served, it would take calls that no reply and no exit would ever end.
            cause = new WorkerStartupException("worker " + slot.id + " died just after it became ready", slot.id,
                    starting.stderrTail(), null);
        }
        synchronized (lock) {
            if (cause == null && !closed && slot.allWorkersApplied < allWorkers.size()) {
                // An all-workers call arrived while this worker applied the others: it must have that too before it serves.
                after.add(() -> prepare(slot).whenComplete((prepared, again) -> started(slot, again)));
            }
            else if (closed || slot.state != SlotState.STARTING) {
                slots.remove(slot);
                Worker worker = slot.worker();
                if (worker != null) {
                    after.add(() -> worker.kill(new BridgeClosedException(config.name() + " closed while worker " + slot.id + " started")));
                }
            }
            else if (cause != null) {
                Worker worker = slot.worker();
                if (worker != null) {
                    after.add(() -> worker.kill(new BridgeClosedException("worker " + slot.id + " failed to start")));
                }
                startFailedLocked(slot, cause, after);
            }
            else {
                startSucceededLocked(slot, after);
            }
        }
        after.forEach(Runnable::run);
    }

    private void startSucceededLocked(Slot slot, List<Runnable> after) {
        slot.state = SlotState.READY;
        slot.readyNanos = time.nanoTime();
        if (workersStarted++ == 0) {
            after.add(afterFirstStart);
        }
        if (governor.started()) {
            LOG.info("{}: a worker started again; circuit closed", config.name());
            after.add(events::circuitClosed);
        }
        Worker worker = slot.worker();
        long startMillis = TimeUnit.NANOSECONDS.toMillis(slot.readyNanos - slot.launchedNanos);
        after.add(() -> events.workerStarted(slot.id, worker.pid(), startMillis, worker.host()));
        // A replacement for a recycled worker is ready: the old one stops taking calls now.
        slots.stream().filter(old -> old.recycleReason != null && old.state == SlotState.READY).findFirst().ifPresent(old -> {
            old.state = SlotState.DRAINING;
            old.drainGrace = config.bridge().shutdownGrace();
            if (old.leases == 0) {
                after.add(stopLocked(old));
            }
        });
        fillLocked();
        leases.dispatchLocked(after);
        if (serving() >= config.size()) {
            completeFullWaiters(after, null);
        }
    }

    private void startFailedLocked(Slot slot, Throwable cause, List<Runnable> after) {
        slots.remove(slot);
        long now = time.nanoTime();
        startFailures++;
        lastStartFailure = String.valueOf(cause.getMessage());
        lastStartFailureCause = cause;
        LOG.warn("{}: worker {} failed to start: {}", config.name(), slot.id, cause.getMessage());
        String reason = lastStartFailure;
        after.add(() -> events.workerStartFailed(reason));
        countFailureLocked(now, after);
        boolean hopeless = governor.isOpen() || (cause instanceof BridgeException bridge && !bridge.isRetryable());
        if (hopeless) {
            completeFullWaiters(after, cause);
        }
        fillLocked();
        if (noneServing()) {
            BridgeException unservable = governor.isOpen() ? circuitOpenError()
                    : cause instanceof BridgeException bridge && !bridge.isRetryable() ? bridge : null;
            if (unservable != null) {
                List<Waiter> refused = leases.clearLocked();
                after.add(() -> refused.forEach(waiter -> waiter.fail(unservable)));
            }
        }
    }

    private void countFailureLocked(long now, List<Runnable> after) {
        if (governor.failed(now)) {
            int failures = governor.recentFailures(now);
            String last = lastStartFailure;
            LOG.error("{}: {} workers failed within {}; circuit open, probing every {}", config.name(), failures,
                    Deadline.describe(config.bridge().restartPolicy().window()), Deadline.describe(config.bridge().restartPolicy().probeInterval()));
            after.add(() -> events.circuitOpened(failures, last));
        }
    }

    private void completeFullWaiters(List<Runnable> after, Throwable failure) {
        if (fullWaiters.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> full = List.copyOf(fullWaiters);
        fullWaiters.clear();
        after.add(() -> full.forEach(waiter -> {
            if (failure == null) {
                waiter.complete(null);
            }
            else {
                waiter.completeExceptionally(failure);
            }
        }));
    }

    private void scheduleFill(long delayNanos) {
        if (fillScheduled) {
            return;
        }
        fillScheduled = true;
        time.schedule(() -> {
            synchronized (lock) {
                fillScheduled = false;
                fillLocked();
            }
        }, Math.max(1, delayNanos));
    }

    private Runnable stopLocked(Slot slot) {
        if (slot.stopping) {
            return () -> { };
        }
        slot.stopping = true;
        Worker worker = slot.worker();
        Duration grace = slot.drainGrace == null ? config.bridge().shutdownGrace() : slot.drainGrace;
        return () -> worker.stop(grace, new BridgeClosedException("worker " + slot.id + " was stopped"));
    }

    // Takes a serving slot out of service: it drains and stops, and a replacement starts. True if it was serving.
    private boolean drain(Slot slot, Runnable count) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (slot.state != SlotState.READY || closed) {
                return false;
            }
            slot.state = SlotState.DRAINING;
            slot.drainGrace = config.cancelGrace();
            count.run();
            if (slot.leases == 0) {
                after.add(stopLocked(slot));
            }
            fillLocked();
        }
        after.forEach(Runnable::run);
        return true;
    }

    private int serving() {
        return (int) slots.stream().filter(Slot::serving).count();
    }

    private boolean noneServing() {
        return serving() == 0;
    }

    // Why a call cannot even wait when the circuit is open and no worker serves, or null.
    private BridgeException circuitRefusal() {
        return governor.isOpen() && noneServing() ? circuitOpenError() : null;
    }

    private CircuitOpenException circuitOpenError() {
        return new CircuitOpenException(config.name() + ": " + governor.recentFailures(time.nanoTime()) + " workers failed within "
                + Deadline.describe(config.bridge().restartPolicy().window()) + " (failed to start, or died soon after they did), "
                + "so calls are refused until a probe start succeeds (one every "
                + Deadline.describe(config.bridge().restartPolicy().probeInterval()) + "); the last failure: " + lastStartFailure,
                lastStartFailureCause);
    }

    // --- what workers tell the table -----------------------------------------------------------

    private void timedOut(Slot slot, String command) {
        if (drain(slot, () -> timeouts++)) {
            LOG.info("{}: '{}' timed out on worker {}; replacing it", config.name(), command, slot.id);
            events.workerTimedOut(slot.id, command);
        }
    }

    // A caller gave up a call. Until the worker stops it, no new call is sent there: a worker stuck in code that never
    // returns to the interpreter (a cancel cannot reach it) would hold every call sent after it. If it has not stopped
    // it within the grace, it is killed, rather than hold the calls already queued on it until their own deadlines.
    private void abandoned(Slot slot, String command, CompletableFuture<Void> stopped) {
        synchronized (lock) {
            slot.abandonedRunning++;
        }
        EngineTime.Timer timer = time.schedule(() -> {
            if (!stopped.isDone()) {
                killStuck(slot, command);
            }
        }, config.cancelGrace().toNanos());
        stopped.whenComplete((done, failure) -> {
            timer.cancel();
            List<Runnable> after = new ArrayList<>();
            synchronized (lock) {
                slot.abandonedRunning--;
                leases.dispatchLocked(after);
            }
            after.forEach(Runnable::run);
        });
    }

    private void killStuck(Slot slot, String command) {
        String reason = "did not stop '" + command + "' within " + Deadline.describe(config.cancelGrace()) + " after its caller gave it up";
        Worker worker = slot.worker();
        boolean wasServing;
        synchronized (lock) {
            if (closed || slot.stopping || !(slot.state == SlotState.READY || slot.state == SlotState.DRAINING)) {
                return;
            }
            // A draining worker was already counted (and reported) when it was taken out of service.
            wasServing = slot.state == SlotState.READY;
            if (wasServing) {
                retired++;
            }
            slot.state = SlotState.DRAINING;
            slot.stopping = true;
            fillLocked();
        }
        LOG.warn("{}: worker {} {}; killing it", config.name(), slot.id, reason);
        if (wasServing) {
            events.workerRetired(slot.id, reason);
        }
        worker.kill(new WorkerCrashedException("worker " + slot.id + " (pid " + worker.pid() + ") was killed by the bridge: it " + reason
                + ", and the calls sent to it after that one could not run", slot.id, worker.pid(), null, SIGKILL, worker.stderrTail()));
    }

    private void exited(Slot slot, WorkerExit exit) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            // A worker that dies while starting is the start's failure, handled (with backoff) by started().
            if (slot.state == SlotState.STARTING || !slots.remove(slot) || closed) {
                return;
            }
            if (!exit.requested()) {
                crashes++;
                long now = time.nanoTime();
                boolean early = slot.state == SlotState.READY && governor.isEarlyDeath(now - slot.readyNanos);
                LOG.warn("{}: worker {} died with {}{}; replacing it", config.name(), slot.id, exit.describe(),
                        early ? ", soon after it became ready" : "");
                if (early) {
                    lastStartFailure = "worker " + slot.id + " died with " + exit.describe() + " "
                            + TimeUnit.NANOSECONDS.toMillis(now - slot.readyNanos) + " ms after it became ready";
                    lastStartFailureCause = null;
                    countFailureLocked(now, after);
                }
                after.add(() -> events.workerCrashed(slot.id, exit.describe()));
            }
            slot.state = SlotState.DRAINING;
            // Its process has ended: there is nothing left to stop when its last lease comes back.
            slot.stopping = true;
            fillLocked();
            leases.dispatchLocked(after);
            if (noneServing() && governor.isOpen()) {
                List<Waiter> refused = leases.clearLocked();
                CircuitOpenException reason = circuitOpenError();
                after.add(() -> refused.forEach(waiter -> waiter.fail(reason)));
            }
        }
        after.forEach(Runnable::run);
    }

    /** Hears one slot's worker. Runs on the worker's threads: quick, and never blocking. */
    private final class SlotListener implements Worker.Listener {
        private final Slot slot;

        SlotListener(Slot slot) {
            this.slot = slot;
        }

        @Override
        public void callTimedOut(Worker worker, String command) {
            timedOut(slot, command);
        }

        @Override
        public void callAbandoned(Worker worker, String command, CompletableFuture<Void> stopped) {
            abandoned(slot, command, stopped);
        }

        @Override
        public void exited(Worker worker, WorkerExit exit) {
            WorkerTable.this.exited(slot, exit);
        }
    }
}
