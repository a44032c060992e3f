package dev.pybridge.pool;

import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.core.event.BridgeEvent;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool tells every event the engine tells, as the record of the same name with the same values. */
class PoolEventsTest {

    @Test
    void everyKindOfBridgeEventBecomesThePoolEventOfTheSameName() throws Exception {
        Class<?>[] kinds = BridgeEvent.class.getPermittedSubclasses();
        assertTrue(kinds.length >= 10, Arrays.toString(kinds));
        for (Class<?> kind : kinds) {
            BridgeEvent event = sample(kind);
            PoolEvent pooled = PoolEvents.of(event);
            assertEquals(kind.getSimpleName(), pooled.getClass().getSimpleName(), event.toString());
            assertEquals(values(event), values(pooled), event.toString());
        }
    }

    @Test
    void listenersHearThePoolEventsAndServedCallsReachTheRecycling() {
        List<PoolEvent> heard = new ArrayList<>();
        PoolEvents events = new PoolEvents(List.of(heard::add), 2);
        List<String> recycled = new ArrayList<>();
        events.recycleWith((slot, reason) -> recycled.add(reason));

        events.engineListener().callCompleted("eval", 5, Optional.of(ErrorCategory.PYTHON));
        events.engineListener().workerServed(null, 1);
        events.engineListener().workerServed(null, 2);

        assertEquals(List.of(new PoolEvent.CallCompleted("eval", 5, Optional.of(ErrorCategory.PYTHON))), heard);
        assertEquals(List.of("served 2 calls"), recycled);
    }

    // A record of this kind whose components each have a value of their own.
    private static BridgeEvent sample(Class<?> kind) throws Exception {
        AtomicInteger next = new AtomicInteger();
        RecordComponent[] components = kind.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            int n = next.incrementAndGet();
            values[i] = type == String.class ? components[i].getName() + n
                    : type == long.class ? (long) n
                    : type == int.class ? n
                    : type == Optional.class ? Optional.of(ErrorCategory.values()[n % ErrorCategory.values().length])
                    : unknown(type);
        }
        Constructor<?> canonical = kind.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
        return (BridgeEvent) canonical.newInstance(values);
    }

    private static Object unknown(Class<?> type) {
        throw new AssertionError("give the sample a value of " + type);
    }

    private static List<Object> values(Object event) throws Exception {
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            values.add(component.getName() + "=" + component.getAccessor().invoke(event));
        }
        return values;
    }
}
