package dev.pybridge.testkit;

import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.pool.PoolEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** What a fixture's bridge told its listeners, kept so that tests can wait for it. */
final class FixtureEvents {

    private final List<Object> events = new ArrayList<>();
    private final Set<Long> workerPids = ConcurrentHashMap.newKeySet();

    void add(Object event) {
        if (event instanceof BridgeEvent.WorkerStarted started) {
            workerPids.add(started.pid());
        }
        if (event instanceof PoolEvent.WorkerStarted started) {
            workerPids.add(started.pid());
        }
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
    }

    /** The pids of every worker started, for the leak check. */
    Set<Long> workerPids() {
        return Set.copyOf(workerPids);
    }

    List<Object> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    int count(Predicate<Object> kind) {
        synchronized (events) {
            return (int) events.stream().filter(kind).count();
        }
    }

    /** Waits until {@code condition} holds over the events, failing after {@code timeout} with {@code what}. */
    void await(String what, Duration timeout, Predicate<List<Object>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (!condition.test(events)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("waited " + timeout + " for " + what + "; the events were " + events);
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    static boolean isStart(Object event) {
        return event instanceof BridgeEvent.WorkerStarted || event instanceof PoolEvent.WorkerStarted;
    }

    static boolean isLoss(Object event) {
        return event instanceof BridgeEvent.WorkerCrashed || event instanceof PoolEvent.WorkerCrashed
                || event instanceof BridgeEvent.WorkerTimedOut || event instanceof PoolEvent.WorkerTimedOut
                || event instanceof BridgeEvent.WorkerRetired || event instanceof PoolEvent.WorkerRetired
                || event instanceof BridgeEvent.WorkerRecycled || event instanceof PoolEvent.WorkerRecycled;
    }

    static boolean isCircuitOpened(Object event) {
        return event instanceof BridgeEvent.CircuitOpened || event instanceof PoolEvent.CircuitOpened;
    }

    static boolean isSessionMoved(Object event, String session) {
        if (event instanceof BridgeEvent.SessionMoved moved) {
            return moved.session().equals(session);
        }
        return event instanceof PoolEvent.SessionMoved moved && moved.session().equals(session);
    }

    /** The events after the last loss of a worker, or none if no worker was lost. */
    static List<Object> afterLastLoss(List<Object> events) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (isLoss(events.get(i))) {
                last = i;
            }
        }
        return last < 0 ? List.of() : new ArrayList<>(events.subList(last + 1, events.size()));
    }
}
