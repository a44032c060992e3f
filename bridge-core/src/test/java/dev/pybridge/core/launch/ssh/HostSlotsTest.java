package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.WorkerStartupException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostSlotsTest {

    private static final SshHost ONE = new SshHost(Optional.empty(), "one", OptionalInt.empty(), 2);
    private static final SshHost TWO = new SshHost(Optional.empty(), "two", OptionalInt.empty(), 3);

    private static SshHost take(HostSlots slots) {
        return slots.take("w", Duration.ZERO);
    }

    @Test
    void spreadsByFreeCapacityAndFailsClearlyWhenAllAreFull() {
        HostSlots slots = new HostSlots(List.of(ONE, TWO));
        assertEquals(List.of(TWO, ONE, TWO, ONE, TWO), List.of(take(slots), take(slots), take(slots), take(slots), take(slots)));
        String message = assertThrows(WorkerStartupException.class, () -> slots.take("w-6", Duration.ZERO)).getMessage();
        for (String part : List.of("w-6", "every host is full", "one runs 2 of 2", "two runs 3 of 3", "capacity")) {
            assertTrue(message.contains(part), message);
        }
        slots.release(ONE, false);
        assertEquals(ONE, take(slots));
    }

    @Test
    void aPlaceOnANamedHostIsTakenThereWhileItHasRoom() {
        HostSlots slots = new HostSlots(List.of(ONE, TWO));
        assertEquals(ONE, slots.takeOn(ONE, "w-1"));
        assertEquals(ONE, slots.takeOn(ONE, "w-2"));
        String message = assertThrows(WorkerStartupException.class, () -> slots.takeOn(ONE, "w-3")).getMessage();
        assertTrue(message.contains("one runs 2 of 2"), message);
        assertEquals(TWO, take(slots));
    }

    @Test
    void aHostWhoseLinkFailedIsTriedLastUntilOneOfItsWorkersStarts() {
        HostSlots slots = new HostSlots(List.of(ONE, TWO));
        assertEquals(TWO, take(slots));
        slots.release(TWO, true);
        assertEquals(ONE, take(slots));
        assertEquals(ONE, take(slots));
        assertEquals(TWO, take(slots));
        slots.worked(TWO);
        assertEquals(TWO, take(slots));
    }
}
