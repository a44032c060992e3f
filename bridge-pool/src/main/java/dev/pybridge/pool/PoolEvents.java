package dev.pybridge.pool;

import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.internal.engine.EngineEvents;
import dev.pybridge.core.internal.engine.EngineListener;
import dev.pybridge.core.internal.engine.Listeners;
import dev.pybridge.core.internal.engine.Slot;

import java.util.Collection;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The pool's events for its listeners, made from the engine's {@link BridgeEvent}s (the one
 * translation both bridges use), and its recycling of workers by call count.
 */
final class PoolEvents {

    private final Listeners<PoolListener, PoolEvent> listeners;
    private final long maxCallsPerWorker;
    private volatile BiConsumer<Slot, String> recycle = (slot, reason) -> { };

    PoolEvents(Collection<PoolListener> listeners, long maxCallsPerWorker) {
        this.listeners = new Listeners<>(requireNonNull(listeners, "listeners is null"), PoolListener::onEvent);
        this.maxCallsPerWorker = maxCallsPerWorker;
    }

    /** Where a worker past its call limit is sent for recycling; set once the engine exists. */
    void recycleWith(BiConsumer<Slot, String> recycler) {
        recycle = requireNonNull(recycler, "recycler is null");
    }

    void publish(PoolEvent event) {
        listeners.publish(event);
    }

    /** What the engine tells, as events for the listeners and served calls for recycling. */
    EngineListener engineListener() {
        return new EngineEvents(!listeners.isEmpty(), event -> publish(of(event)), this::served);
    }

    private void served(Slot slot, long calls) {
        if (maxCallsPerWorker > 0 && calls >= maxCallsPerWorker) {
            recycle.accept(slot, "served " + calls + " calls");
        }
    }

    /** The pool's event for an engine's event: the same record under the pool's name. */
    static PoolEvent of(BridgeEvent event) {
        if (event instanceof BridgeEvent.CallCompleted e) {
            return new PoolEvent.CallCompleted(e.command(), e.nanos(), e.error());
        }
        if (event instanceof BridgeEvent.WorkerStarted e) {
            return new PoolEvent.WorkerStarted(e.worker(), e.pid(), e.startMillis(), e.host());
        }
        if (event instanceof BridgeEvent.WorkerStartFailed e) {
            return new PoolEvent.WorkerStartFailed(e.reason());
        }
        if (event instanceof BridgeEvent.WorkerCrashed e) {
            return new PoolEvent.WorkerCrashed(e.worker(), e.exit());
        }
        if (event instanceof BridgeEvent.WorkerTimedOut e) {
            return new PoolEvent.WorkerTimedOut(e.worker(), e.command());
        }
        if (event instanceof BridgeEvent.WorkerRetired e) {
            return new PoolEvent.WorkerRetired(e.worker(), e.reason());
        }
        if (event instanceof BridgeEvent.WorkerRecycled e) {
            return new PoolEvent.WorkerRecycled(e.worker(), e.reason());
        }
        if (event instanceof BridgeEvent.SessionMoved e) {
            return new PoolEvent.SessionMoved(e.session(), e.from(), e.to());
        }
        if (event instanceof BridgeEvent.CircuitOpened e) {
            return new PoolEvent.CircuitOpened(e.failures(), e.lastFailure());
        }
        if (event instanceof BridgeEvent.CircuitClosed) {
            return new PoolEvent.CircuitClosed();
        }
        // PoolEventsTest holds every kind of BridgeEvent to a pool event of the same name.
        throw new IllegalArgumentException("no pool event for " + event);
    }
}
