package dev.pybridge.pool;

import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.core.internal.engine.EngineListener;
import dev.pybridge.core.internal.engine.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/** Turns what the engine tells into {@link PoolEvent}s for the listeners, and recycles workers by call count. */
final class PoolEvents implements EngineListener {

    private static final Logger LOG = LoggerFactory.getLogger(PoolEvents.class);

    private final List<PoolListener> listeners;
    private final long maxCallsPerWorker;
    private volatile BiConsumer<Slot, String> recycle = (slot, reason) -> { };

    PoolEvents(List<PoolListener> listeners, long maxCallsPerWorker) {
        this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        this.maxCallsPerWorker = maxCallsPerWorker;
    }

    /** Where a worker past its call limit is sent for recycling; set once the engine exists. */
    void recycleWith(BiConsumer<Slot, String> recycler) {
        recycle = requireNonNull(recycler, "recycler is null");
    }

    void publish(PoolEvent event) {
        for (PoolListener listener : listeners) {
            try {
                listener.onEvent(event);
            }
            catch (RuntimeException e) {
                LOG.warn("pool listener {} failed on {}: {}", listener, event, e.toString());
            }
        }
    }

    @Override
    public void workerStarted(String worker, long pid, long startMillis) {
        publish(new PoolEvent.WorkerStarted(worker, pid, startMillis));
    }

    @Override
    public void workerStartFailed(String reason) {
        publish(new PoolEvent.WorkerStartFailed(reason));
    }

    @Override
    public void workerCrashed(String worker, String exit) {
        publish(new PoolEvent.WorkerCrashed(worker, exit));
    }

    @Override
    public void workerTimedOut(String worker, String command) {
        publish(new PoolEvent.WorkerTimedOut(worker, command));
    }

    @Override
    public void workerRetired(String worker, String reason) {
        publish(new PoolEvent.WorkerRetired(worker, reason));
    }

    @Override
    public void workerRecycled(String worker, String reason) {
        publish(new PoolEvent.WorkerRecycled(worker, reason));
    }

    @Override
    public void callCompleted(String command, long nanos, Optional<ErrorCategory> error) {
        if (!listeners.isEmpty()) {
            publish(new PoolEvent.CallCompleted(command, nanos, error));
        }
    }

    @Override
    public void workerServed(Slot slot, long calls) {
        if (maxCallsPerWorker > 0 && calls >= maxCallsPerWorker) {
            recycle.accept(slot, "served " + calls + " calls");
        }
    }

    @Override
    public void sessionMoved(String session, String from, String to) {
        publish(new PoolEvent.SessionMoved(session, from, to));
    }

    @Override
    public void circuitOpened(int failures, String lastFailure) {
        publish(new PoolEvent.CircuitOpened(failures, lastFailure));
    }

    @Override
    public void circuitClosed() {
        publish(new PoolEvent.CircuitClosed());
    }
}
