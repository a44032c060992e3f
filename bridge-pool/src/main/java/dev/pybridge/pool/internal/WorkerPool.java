package dev.pybridge.pool.internal;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.CircuitOpenException;
import dev.pybridge.api.error.PoolExhaustedException;
import dev.pybridge.core.worker.Deadline;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.core.worker.WorkerExecutors;
import dev.pybridge.core.worker.WorkerExit;
import dev.pybridge.core.worker.WorkerStarter;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolEvent;
import dev.pybridge.pool.WorkerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The pool's workers and the callers waiting for them. Keeps {@code size} workers serving: starts
 * them in parallel, replaces the dead and the stuck, recycles the worn, and stops starting when
 * starts keep failing. Leases workers to calls, at most {@code maxInFlightPerWorker} at once, and
 * queues the rest in arrival order with their deadlines. Everything mutable is guarded by one
 * lock; futures are completed after it is released, since completing one runs the caller's next
 * step.
 */
public final class WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final String name;
    private final PoolConfig config;
    private final WorkerStarter starter;
    private final WorkerExecutors executors;
    private final PoolEvents events;
    private final PoolWideState poolWide;
    private final Object lock = new Object();
    private final List<Slot> slots = new ArrayList<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final CircuitBreaker breaker;
    private final AtomicLong sequence = new AtomicLong();
    private final List<CompletableFuture<Worker>> starts = new ArrayList<>();
    private int consecutiveStartFailures;
    private long nextStartNanos;
    private boolean refillScheduled;
    private String lastStartFailure = "none";
    private Throwable lastStartFailureCause;
    private boolean closed;
    private CompletableFuture<Void> drained;
    private final List<CompletableFuture<Void>> fullWaiters = new ArrayList<>();
    private long workersStarted;
    private long workerStartFailures;
    private long workersReplaced;
    private long workersRecycled;

    /**
     * @param poolWide the state every worker must have, applied to each new worker before it
     *     serves; a worker that cannot take it fails its start
     */
    public WorkerPool(String name, PoolConfig config, WorkerStarter starter, WorkerExecutors executors, PoolEvents events,
            PoolWideState poolWide) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.starter = requireNonNull(starter, "starter is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.events = requireNonNull(events, "events is null");
        this.poolWide = requireNonNull(poolWide, "poolWide is null");
        this.breaker = new CircuitBreaker(config.breakerFailures(), config.breakerWindow(), config.breakerProbeInterval());
    }

    /** Starts the missing workers, in parallel. */
    public void fill() {
        synchronized (lock) {
            fillLocked();
        }
    }

    /**
     * Completes when {@code size} workers serve. A failed start is retried like any replacement;
     * the future fails only when a start fails for a reason no retry can mend (the interpreter
     * cannot be used), or when the circuit opens.
     */
    public CompletableFuture<Void> whenFull() {
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
     * Leases a worker for one call. {@code preferred}, if serving, is taken when it has room; with
     * {@code strict} the call waits for it, otherwise only until {@code preferUntilNanos}. Fails
     * with {@link PoolExhaustedException} when no worker frees up before the deadline or the queue
     * is full, and with {@link CircuitOpenException} when no worker can be started.
     */
    public CompletableFuture<Slot> acquire(Slot preferred, boolean strict, Deadline deadline) {
        return enqueue(preferred, strict, false, deadline);
    }

    private CompletableFuture<Slot> enqueue(Slot preferred, boolean strict, boolean exact, Deadline deadline) {
        Waiter waiter;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new BridgeClosedException("pool " + name + " is closed"));
            }
            if (slots.size() < config.size()) {
                fillLocked();
            }
            if (exact && !preferred.serving()) {
                return CompletableFuture.failedFuture(new BridgeClosedException("worker " + preferred.id + " no longer serves"));
            }
            long preferUntil = strict || exact ? Long.MAX_VALUE : System.nanoTime() + config.preferWait().toNanos();
            waiter = new Waiter(preferred, strict, exact, preferUntil, deadline);
            Slot slot = pick(waiter, System.nanoTime());
            if (slot != null) {
                lease(slot);
                return CompletableFuture.completedFuture(slot);
            }
            BridgeException refusal = refusal();
            if (refusal != null) {
                return CompletableFuture.failedFuture(refusal);
            }
            waiters.addLast(waiter);
            waiter.timer = executors.scheduler().schedule(() -> expire(waiter), Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
            if (!strict && preferred != null && config.preferWait().toNanos() > 0) {
                executors.scheduler().schedule(this::dispatchLater, config.preferWait().toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        return waiter.granted;
    }

    /** Returns a lease after a call; the worker goes to the next waiter, or stops if it is draining. */
    public void release(Slot slot) {
        release(slot, true);
    }

    /** Returns a lease that served no call (a health check). */
    public void returnLease(Slot slot) {
        release(slot, false);
    }

    private void release(Slot slot, boolean afterCall) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            slot.leases--;
            if (afterCall) {
                slot.calls++;
            }
            if (config.maxCallsPerWorker() > 0 && slot.calls >= config.maxCallsPerWorker()) {
                recycleLocked(slot, "served " + slot.calls + " calls");
            }
            if (slot.state == WorkerState.DRAINING && slot.leases == 0) {
                after.add(stopLocked(slot));
            }
            dispatchLocked(after);
            if (closed && drained != null && slots.stream().allMatch(each -> each.leases == 0)) {
                after.add(() -> drained.complete(null));
            }
        }
        after.forEach(Runnable::run);
    }

    /** Marks {@code slot} for recycling (one worker at a time): it serves until its replacement is ready. */
    public void recycle(Slot slot, String reason) {
        synchronized (lock) {
            recycleLocked(slot, reason);
        }
    }

    /** Takes {@code slot} out of service at once (it failed a health check); it is stopped when idle and replaced. */
    public void retire(Slot slot, String reason) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (slot.state != WorkerState.READY) {
                return;
            }
            LOG.warn("pool {}: worker {} {}; replacing it", name, slot.id, reason);
            slot.state = WorkerState.DRAINING;
            slot.drainGrace = config.cancelGrace();
            workersReplaced++;
            if (slot.leases == 0) {
                after.add(stopLocked(slot));
            }
            fillLocked();
        }
        after.forEach(Runnable::run);
    }

    /**
     * Records a pool-wide call and returns the workers serving at this moment, which must each
     * catch up with it; a worker still starting applies it before it serves.
     */
    public Broadcast appendPoolWide(Call call) {
        synchronized (lock) {
            return new Broadcast(poolWide.append(call), slots.stream().filter(Slot::serving).toList());
        }
    }

    /** A recorded pool-wide call and the workers that must apply it now. */
    public record Broadcast(PoolWideState.Entry entry, List<Slot> targets) {}

    /**
     * Applies to {@code slot}, under a lease of that very worker, the pool-wide calls it lacks. A
     * worker that cannot take them is retired; the future then fails with the reason.
     */
    public CompletableFuture<Void> catchUp(Slot slot, Deadline deadline) {
        CompletableFuture<Void> done;
        synchronized (lock) {
            if (slot.catchingUp == null && slot.poolWideApplied >= poolWide.size()) {
                return CompletableFuture.completedFuture(null);
            }
            if (slot.catchingUp != null) {
                // That catch-up may have looked at the log before this entry arrived: go again after it.
                return slot.catchingUp.handle((applied, failure) -> null).thenCompose(previous -> catchUp(slot, deadline));
            }
            done = new CompletableFuture<>();
            slot.catchingUp = done;
        }
        enqueue(slot, true, true, deadline)
                .thenCompose(leased -> poolWide.applyPending(slot, deadline).whenComplete((applied, failure) -> release(slot, false)))
                .whenComplete((applied, failure) -> {
                    synchronized (lock) {
                        slot.catchingUp = null;
                    }
                    if (failure == null) {
                        done.complete(null);
                        return;
                    }
                    Throwable cause = unwrap(failure);
                    retire(slot, "could not apply the state every worker must have: " + cause.getMessage());
                    done.completeExceptionally(cause);
                });
        return done;
    }

    /** The slots serving now, for broadcasts and health checks. */
    public List<Slot> servingSlots() {
        synchronized (lock) {
            return slots.stream().filter(Slot::serving).toList();
        }
    }

    /** Leases {@code slot} at once if it serves and has room (a health check on an idle worker). */
    public boolean tryLeaseIdle(Slot slot) {
        synchronized (lock) {
            if (!slot.serving() || slot.leases > 0 || closed) {
                return false;
            }
            lease(slot);
            return true;
        }
    }

    public int queued() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    public Map<WorkerState, Integer> workersByState() {
        Map<WorkerState, Integer> states = new EnumMap<>(WorkerState.class);
        synchronized (lock) {
            slots.forEach(slot -> states.merge(slot.state, 1, Integer::sum));
        }
        return states;
    }

    public long workersStarted() {
        synchronized (lock) {
            return workersStarted;
        }
    }

    public long workerStartFailures() {
        synchronized (lock) {
            return workerStartFailures;
        }
    }

    public long workersReplaced() {
        synchronized (lock) {
            return workersReplaced;
        }
    }

    public long workersRecycled() {
        synchronized (lock) {
            return workersRecycled;
        }
    }

    public boolean circuitOpen() {
        synchronized (lock) {
            return breaker.isOpen();
        }
    }

    /**
     * Refuses new calls and fails the waiting ones; returns every slot and every start still in
     * progress, for the owner to drain and stop.
     */
    public Closing close() {
        List<Waiter> refused;
        Closing closing;
        synchronized (lock) {
            if (closed) {
                return new Closing(List.of(), List.of(), CompletableFuture.completedFuture(null));
            }
            closed = true;
            refused = new ArrayList<>(waiters);
            waiters.clear();
            drained = new CompletableFuture<>();
            if (slots.stream().allMatch(slot -> slot.leases == 0)) {
                drained.complete(null);
            }
            closing = new Closing(List.copyOf(slots), List.copyOf(starts), drained);
        }
        BridgeClosedException reason = new BridgeClosedException("pool " + name + " was closed while the call waited for a worker");
        refused.forEach(waiter -> waiter.fail(reason));
        return closing;
    }

    /**
     * What {@link #close()} leaves to stop: the slots, the starts in progress, and a future that
     * completes when the last call in flight has returned its worker.
     */
    public record Closing(List<Slot> slots, List<CompletableFuture<Worker>> starts, CompletableFuture<Void> drained) {}

    // --- starting and replacing workers -------------------------------------------------------

    private void fillLocked() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long active = slots.stream().filter(slot -> slot.state != WorkerState.DRAINING && slot.recycleReason == null).count();
        int missing = (int) (config.size() - active);
        if (missing <= 0) {
            return;
        }
        if (breaker.isOpen()) {
            boolean probing = slots.stream().anyMatch(slot -> slot.state == WorkerState.STARTING);
            if (probing || !breaker.tryProbe(now)) {
                scheduleFill(probing ? config.breakerProbeInterval().toNanos() : breaker.nanosUntilProbe(now));
                return;
            }
            LOG.info("pool {}: circuit open; probing with one start", name);
            startLocked();
            return;
        }
        if (consecutiveStartFailures > 0 && now - nextStartNanos < 0) {
            scheduleFill(nextStartNanos - now);
            return;
        }
        for (int i = 0; i < missing; i++) {
            startLocked();
        }
    }

    private void startLocked() {
        Slot slot = new Slot(name + "-w" + sequence.incrementAndGet());
        slots.add(slot);
        CompletableFuture<Worker> serving = new CompletableFuture<>();
        starts.add(serving);
        starter.start(slot.id, new SlotListener(slot)).thenCompose(worker -> {
            slot.attach(worker);
            return prepare(slot);
        }).whenComplete((prepared, failure) -> started(slot, serving, failure));
    }

    private CompletableFuture<Void> prepare(Slot slot) {
        return poolWide.applyPending(slot, Deadline.after(config.bridge().startupTimeout()));
    }

    // Completes `serving` once the slot serves, or with the failure; the pool's books are updated first.
    private void started(Slot slot, CompletableFuture<Worker> serving, Throwable failure) {
        List<Runnable> after = new ArrayList<>();
        Throwable cause = unwrap(failure);
        Worker worker = slot.worker();
        synchronized (lock) {
            if (cause == null && !closed && slot.poolWideApplied < poolWide.size()) {
                // Pool-wide state arrived while this worker was catching up: it must have that too before it serves.
                after.add(() -> prepare(slot).whenComplete((prepared, again) -> started(slot, serving, again)));
            }
            else if (cause != null) {
                starts.remove(serving);
                if (worker != null) {
                    after.add(() -> worker.kill(new BridgeClosedException("worker " + slot.id + " failed to start")));
                }
                startFailedLocked(slot, cause, after);
                after.add(() -> serving.completeExceptionally(cause));
            }
            else if (closed || slot.state != WorkerState.STARTING) {
                starts.remove(serving);
                BridgeClosedException closedWhileStarting = new BridgeClosedException("pool " + name + " closed while worker " + slot.id + " started");
                after.add(() -> worker.kill(closedWhileStarting));
                after.add(() -> serving.completeExceptionally(closedWhileStarting));
            }
            else {
                starts.remove(serving);
                startSucceededLocked(slot, worker, after);
                after.add(() -> serving.complete(worker));
            }
        }
        after.forEach(Runnable::run);
    }

    private void startSucceededLocked(Slot slot, Worker worker, List<Runnable> after) {
        slot.state = WorkerState.READY;
        slot.readyNanos = System.nanoTime();
        workersStarted++;
        consecutiveStartFailures = 0;
        if (breaker.succeeded()) {
            LOG.info("pool {}: a worker started again; circuit closed", name);
            events.publish(new PoolEvent.CircuitClosed());
        }
        events.publish(new PoolEvent.WorkerStarted(slot.id, worker.pid(), TimeUnit.NANOSECONDS.toMillis(slot.readyNanos - slot.launchedNanos)));
        // A replacement for a recycled worker is ready: the old one stops taking calls now.
        slots.stream().filter(old -> old.recycleReason != null && old.state == WorkerState.READY).findFirst().ifPresent(old -> {
            old.state = WorkerState.DRAINING;
            old.drainGrace = config.bridge().shutdownGrace();
            if (old.leases == 0) {
                after.add(stopLocked(old));
            }
        });
        fillLocked();
        dispatchLocked(after);
        if (serving() >= config.size()) {
            List<CompletableFuture<Void>> full = List.copyOf(fullWaiters);
            fullWaiters.clear();
            after.add(() -> full.forEach(waiter -> waiter.complete(null)));
        }
    }

    private void startFailedLocked(Slot slot, Throwable cause, List<Runnable> after) {
        slots.remove(slot);
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        workerStartFailures++;
        consecutiveStartFailures++;
        nextStartNanos = now + config.bridge().restartPolicy().backoff(consecutiveStartFailures).toNanos();
        lastStartFailure = String.valueOf(cause.getMessage());
        lastStartFailureCause = cause;
        LOG.warn("pool {}: worker {} failed to start: {}", name, slot.id, cause.getMessage());
        events.publish(new PoolEvent.WorkerStartFailed(lastStartFailure));
        if (breaker.failed(now)) {
            LOG.error("pool {}: {} worker starts failed within {}; circuit open, probing every {}", name,
                    breaker.recentFailures(), config.breakerWindow(), config.breakerProbeInterval());
            events.publish(new PoolEvent.CircuitOpened(breaker.recentFailures(), lastStartFailure));
        }
        boolean hopeless = breaker.isOpen() || (cause instanceof BridgeException bridge && !bridge.isRetryable());
        if (hopeless && !fullWaiters.isEmpty()) {
            List<CompletableFuture<Void>> full = List.copyOf(fullWaiters);
            fullWaiters.clear();
            after.add(() -> full.forEach(waiter -> waiter.completeExceptionally(cause)));
        }
        fillLocked();
        failUnservableWaitersLocked(after);
    }

    private void scheduleFill(long delayNanos) {
        if (refillScheduled) {
            return;
        }
        refillScheduled = true;
        executors.scheduler().schedule(() -> {
            synchronized (lock) {
                refillScheduled = false;
            }
            fill();
        }, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void recycleLocked(Slot slot, String reason) {
        boolean another = slots.stream().anyMatch(other -> other != slot && other.recycleReason != null);
        if (closed || slot.recycleReason != null || slot.state != WorkerState.READY || another) {
            return;
        }
        LOG.info("pool {}: recycling worker {}: {}", name, slot.id, reason);
        slot.recycleReason = reason;
        workersRecycled++;
        events.publish(new PoolEvent.WorkerRecycled(slot.id, reason));
        fillLocked();
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

    // --- leasing -------------------------------------------------------------------------------

    private Slot pick(Waiter waiter, long nowNanos) {
        Slot preferred = waiter.preferred;
        if (waiter.exact) {
            return preferred.serving() && hasRoom(preferred) ? preferred : null;
        }
        if (preferred != null && preferred.serving()) {
            if (hasRoom(preferred)) {
                return preferred;
            }
            if (waiter.strict || nowNanos - waiter.preferUntilNanos < 0) {
                return null;
            }
        }
        Slot best = null;
        for (Slot slot : slots) {
            if (slot.serving() && hasRoom(slot)
                    && (best == null || slot.leases < best.leases || (slot.leases == best.leases && slot.lastLeasedNanos < best.lastLeasedNanos))) {
                best = slot;
            }
        }
        return best;
    }

    private boolean hasRoom(Slot slot) {
        return slot.leases < config.maxInFlightPerWorker();
    }

    private void lease(Slot slot) {
        slot.leases++;
        slot.lastLeasedNanos = System.nanoTime();
    }

    private void dispatchLater() {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            dispatchLocked(after);
        }
        after.forEach(Runnable::run);
    }

    // Serves waiters in arrival order; one waiting for a busy worker does not hold up those behind it.
    private void dispatchLocked(List<Runnable> after) {
        long now = System.nanoTime();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.exact && !waiter.preferred.serving()) {
                it.remove();
                after.add(() -> waiter.fail(new BridgeClosedException("worker " + waiter.preferred.id + " no longer serves")));
                continue;
            }
            Slot slot = pick(waiter, now);
            if (slot != null) {
                it.remove();
                lease(slot);
                after.add(() -> grant(waiter, slot));
            }
        }
    }

    /**
     * Hands a worker to a waiting caller, whose next step is to write its request. That may block
     * when the worker's stdin is full, which with several calls per worker can happen; so then it
     * runs on the pool for blocking work, never on the reader or timer thread that freed the worker.
     */
    private void grant(Waiter waiter, Slot slot) {
        Runnable handOver = () -> {
            if (!waiter.grant(slot)) {
                release(slot, false);
            }
        };
        if (config.maxInFlightPerWorker() == 1) {
            handOver.run();
        }
        else {
            executors.blockingTasks().execute(handOver);
        }
    }

    private void expire(Waiter waiter) {
        synchronized (lock) {
            if (!waiters.remove(waiter)) {
                return;
            }
        }
        waiter.fail(new PoolExhaustedException("no worker of pool " + name + " became free within "
                + TimeUnit.NANOSECONDS.toMillis(waiter.deadline.budget().toNanos()) + " ms: " + describe()
                + "; raise the pool size or the call's timeout, or send fewer calls at once"));
    }

    private String describe() {
        synchronized (lock) {
            Map<WorkerState, Integer> states = new EnumMap<>(WorkerState.class);
            slots.forEach(slot -> states.merge(slot.state, 1, Integer::sum));
            return "workers " + states + ", " + waiters.size() + " callers waiting";
        }
    }

    private int serving() {
        return (int) slots.stream().filter(Slot::serving).count();
    }

    // Why a call cannot even wait, or null when it can.
    private BridgeException refusal() {
        if (breaker.isOpen() && serving() == 0) {
            return circuitOpenError();
        }
        if (waiters.size() >= config.maxQueued()) {
            return new PoolExhaustedException("pool " + name + " has " + waiters.size() + " callers waiting, its limit (maxQueued); "
                    + "all " + slots.size() + " workers are busy: raise the pool size or maxQueued, or send fewer calls at once");
        }
        return null;
    }

    private CircuitOpenException circuitOpenError() {
        return new CircuitOpenException("pool " + name + ": " + breaker.recentFailures() + " worker starts failed within "
                + config.breakerWindow() + ", so calls are refused until a probe start succeeds (every "
                + config.breakerProbeInterval() + "); the last failure: " + lastStartFailure, lastStartFailureCause);
    }

    private void failUnservableWaitersLocked(List<Runnable> after) {
        if (!breaker.isOpen() || serving() > 0 || waiters.isEmpty()) {
            return;
        }
        List<Waiter> refused = new ArrayList<>(waiters);
        waiters.clear();
        CircuitOpenException reason = circuitOpenError();
        after.add(() -> refused.forEach(waiter -> waiter.fail(reason)));
    }

    // --- what workers tell the pool ------------------------------------------------------------

    private void timedOut(Slot slot, String command) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (slot.state != WorkerState.READY || closed) {
                return;
            }
            LOG.info("pool {}: '{}' timed out on worker {}; replacing it", name, command, slot.id);
            slot.state = WorkerState.DRAINING;
            slot.drainGrace = config.cancelGrace();
            workersReplaced++;
            events.publish(new PoolEvent.WorkerTimedOut(slot.id, command));
            if (slot.leases == 0) {
                after.add(stopLocked(slot));
            }
            fillLocked();
        }
        after.forEach(Runnable::run);
    }

    private void exited(Slot slot, WorkerExit exit) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            // A worker that dies while starting is the start's failure, handled (with backoff) by started().
            if (slot.state == WorkerState.STARTING || !slots.remove(slot) || closed) {
                return;
            }
            if (!exit.requested()) {
                LOG.warn("pool {}: worker {} died with {}; replacing it", name, slot.id, exit.describe());
                workersReplaced++;
                events.publish(new PoolEvent.WorkerCrashed(slot.id, exit.describe()));
            }
            slot.state = WorkerState.DRAINING;
            fillLocked();
            dispatchLocked(after);
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
        public void exited(Worker worker, WorkerExit exit) {
            WorkerPool.this.exited(slot, exit);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
