package dev.pybridge.core.internal.engine;

import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.core.event.BridgeEvent;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * Turns what the engine tells into {@link BridgeEvent}s: the one translation both bridges use (the
 * pool makes its own events from these). Passes on which worker served a call to {@code served},
 * for a policy that acts on it (the pool's recycling by call count).
 */
public final class EngineEvents implements EngineListener {

    private final boolean heard;
    private final Consumer<? super BridgeEvent> sink;
    private final ObjLongConsumer<Slot> served;

    /**
     * @param heard whether anyone listens; when no one does, no event is made for each call
     * @param sink where the events go
     * @param served told of each call a worker served, with its count of calls so far
     */
    public EngineEvents(boolean heard, Consumer<? super BridgeEvent> sink, ObjLongConsumer<Slot> served) {
        this.heard = heard;
        this.sink = requireNonNull(sink, "sink is null");
        this.served = requireNonNull(served, "served is null");
    }

    /** Events for {@code listeners}, with no policy on served calls. */
    public static EngineEvents to(Listeners<?, BridgeEvent> listeners) {
        return new EngineEvents(!listeners.isEmpty(), listeners::publish, (slot, calls) -> { });
    }

    @Override
    public void workerStarted(String worker, long pid, long startMillis, String host) {
        sink.accept(new BridgeEvent.WorkerStarted(worker, pid, startMillis, host));
    }

    @Override
    public void workerStartFailed(String reason) {
        sink.accept(new BridgeEvent.WorkerStartFailed(reason));
    }

    @Override
    public void workerCrashed(String worker, String exit) {
        sink.accept(new BridgeEvent.WorkerCrashed(worker, exit));
    }

    @Override
    public void workerTimedOut(String worker, String command) {
        sink.accept(new BridgeEvent.WorkerTimedOut(worker, command));
    }

    @Override
    public void workerRetired(String worker, String reason) {
        sink.accept(new BridgeEvent.WorkerRetired(worker, reason));
    }

    @Override
    public void workerRecycled(String worker, String reason) {
        sink.accept(new BridgeEvent.WorkerRecycled(worker, reason));
    }

    @Override
    public void callCompleted(String command, long nanos, Optional<ErrorCategory> error) {
        if (heard) {
            sink.accept(new BridgeEvent.CallCompleted(command, nanos, error));
        }
    }

    @Override
    public void workerServed(Slot slot, long calls) {
        served.accept(slot, calls);
    }

    @Override
    public void sessionMoved(String session, String from, String to) {
        sink.accept(new BridgeEvent.SessionMoved(session, from, to));
    }

    @Override
    public void circuitOpened(int failures, String lastFailure) {
        sink.accept(new BridgeEvent.CircuitOpened(failures, lastFailure));
    }

    @Override
    public void circuitClosed() {
        sink.accept(new BridgeEvent.CircuitClosed());
    }
}
