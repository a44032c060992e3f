package dev.pybridge.core.internal.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * A bridge's listeners, told of each event in turn. One that throws is logged and skipped: a
 * listener's bug must never stop the engine that called it, nor keep the event from the others.
 *
 * @param <L> the listener type
 * @param <E> the event type
 */
public final class Listeners<L, E> {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<L> listeners;
    private final BiConsumer<? super L, ? super E> deliver;

    /** Listeners that {@code deliver} hands each event to. */
    public Listeners(Collection<? extends L> listeners, BiConsumer<? super L, ? super E> deliver) {
        this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        this.deliver = requireNonNull(deliver, "deliver is null");
    }

    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void publish(E event) {
        for (L listener : listeners) {
            try {
                deliver.accept(listener, event);
            }
            catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}: {}", listener, event, e.toString());
            }
        }
    }
}
