package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.PoolExhaustedException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Who gets a worker: leases the table's slots to calls, at most {@code maxInFlightPerWorker} at
 * once each, a session's call to its own worker when it can, and queues the rest in arrival order
 * with their deadlines. One waiting for a busy worker does not hold up those behind it. Every
 * method ending in {@code Locked} runs under the table's lock, which this class shares.
 */
final class Leases {

    private final EngineConfig config;
    private final EngineTime time;
    private final Object lock;
    private final List<Slot> slots;
    private final BooleanSupplier noneServing;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    Leases(EngineConfig config, EngineTime time, Object lock, List<Slot> slots, BooleanSupplier noneServing) {
        this.config = config;
        this.time = time;
        this.lock = lock;
        this.slots = slots;
        this.noneServing = noneServing;
    }

    /**
     * A lease now, or a place in the queue. With {@code exact}, only {@code preferred} will do; with
     * {@code strict}, the call waits for {@code preferred}; otherwise only for {@code preferWait}.
     * {@code circuit} is the open circuit's refusal, for a call that cannot be served now, or null.
     */
    CompletableFuture<Slot> acquireLocked(Slot preferred, boolean strict, boolean exact, Deadline deadline,
            BridgeException circuit) {
        if (exact && !preferred.serving()) {
            return CompletableFuture.failedFuture(new BridgeClosedException("worker " + preferred.id + " no longer serves"));
        }
        long now = time.nanoTime();
        long preferUntil = strict || exact ? Long.MAX_VALUE : now + config.preferWait().toNanos();
        Waiter waiter = new Waiter(preferred, strict, exact, preferUntil, deadline);
        Slot slot = pick(waiter, now);
        if (slot != null) {
            lease(slot, now);
            return CompletableFuture.completedFuture(slot);
        }
        if (circuit != null) {
            return CompletableFuture.failedFuture(circuit);
        }
        if (waiters.size() >= config.maxQueued()) {
            return CompletableFuture.failedFuture(new PoolExhaustedException(config.name() + " has "
                    + waiters.size() + " callers waiting, its limit (maxQueued); all " + slots.size()
                    + " workers are busy: raise the pool size or maxQueued, or send fewer calls at once"));
        }
        waiters.addLast(waiter);
        waiter.timer = time.schedule(() -> expire(waiter), deadline.remainingNanos());
        if (!waiter.strict && preferred != null && config.preferWait().toNanos() > 0) {
            time.schedule(this::dispatchLater, config.preferWait().toNanos());
        }
        return waiter.granted;
    }

    /** Leases {@code slot} if it serves and has no calls. */
    boolean tryLeaseIdleLocked(Slot slot) {
        if (!slot.serving() || slot.leases > 0 || slot.abandonedRunning > 0) {
            return false;
        }
        lease(slot, time.nanoTime());
        return true;
    }

    /** Serves waiters in arrival order; the grants run from {@code after}, outside the lock. */
    void dispatchLocked(List<Runnable> after) {
        long now = time.nanoTime();
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
                lease(slot, now);
                after.add(() -> grant(waiter, slot));
            }
        }
    }

    /** Takes every waiter out of the queue, for the caller to fail. */
    List<Waiter> clearLocked() {
        List<Waiter> all = new ArrayList<>(waiters);
        waiters.clear();
        return all;
    }

    int queuedLocked() {
        return waiters.size();
    }

    // The request is written without ever blocking (the worker's RequestWriter), so the caller's next step may run here.
    private void grant(Waiter waiter, Slot slot) {
        if (!waiter.grant(slot)) {
            returnUnused(slot);
        }
    }

    private void returnUnused(Slot slot) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            slot.leases--;
            dispatchLocked(after);
        }
        after.forEach(Runnable::run);
    }

    private Slot pick(Waiter waiter, long nowNanos) {
        Slot preferred = waiter.preferred;
        if (waiter.exact) {
            return takesCalls(preferred) && hasRoom(preferred) ? preferred : null;
        }
        if (preferred != null && takesCalls(preferred)) {
            if (hasRoom(preferred)) {
                return preferred;
            }
            if (waiter.strict || nowNanos - waiter.preferUntilNanos < 0) {
                return null;
            }
        }
        Slot best = null;
        for (Slot slot : slots) {
            if (takesCalls(slot) && hasRoom(slot)
                    && (best == null || slot.leases < best.leases || (slot.leases == best.leases && slot.lastLeasedNanos - best.lastLeasedNanos < 0))) {
                best = slot;
            }
        }
        return best;
    }

    // A worker whose process has ended is still serving while the end of its replies is read (a child it forked may hold
    // the pipe): a call sent to it then could only fail.
    private static boolean takesCalls(Slot slot) {
        return slot.serving() && slot.isAlive();
    }

    private boolean hasRoom(Slot slot) {
        return slot.leases < config.maxInFlightPerWorker() && slot.abandonedRunning == 0;
    }

    private static void lease(Slot slot, long nowNanos) {
        slot.leases++;
        slot.lastLeasedNanos = nowNanos;
    }

    private void dispatchLater() {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            dispatchLocked(after);
        }
        after.forEach(Runnable::run);
    }

    private void expire(Waiter waiter) {
        boolean starting;
        String state;
        synchronized (lock) {
            if (!waiters.remove(waiter)) {
                return;
            }
            starting = noneServing.getAsBoolean();
            state = describeLocked();
        }
        String budget = waiter.deadline.describeBudget();
        // With no worker serving, the call waited for one to start: a timeout. With workers busy: exhaustion.
        waiter.fail(starting
                ? new BridgeTimeoutException("the call passed its deadline of " + budget + " while waiting for a worker of "
                        + config.name() + " to start (" + state + ")", waiter.deadline.budget())
                : new PoolExhaustedException("no worker of " + config.name() + " became free within " + budget + ": " + state
                        + "; raise the pool size or the call's timeout, or send fewer calls at once"));
    }

    private String describeLocked() {
        Map<SlotState, Integer> states = new EnumMap<>(SlotState.class);
        slots.forEach(slot -> states.merge(slot.state, 1, Integer::sum));
        return "workers " + states + ", " + waiters.size() + " callers waiting";
    }
}
