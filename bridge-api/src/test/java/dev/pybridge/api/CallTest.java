package dev.pybridge.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallTest {

    @Test
    void factoriesBuildTheWorkerCommands() {
        assertEquals(new Call("eval", Map.of("code", "1 + 1"), Optional.empty(), Optional.empty(), Set.of()), Call.eval("1 + 1"));
        assertEquals(Map.of("code", "x = 1"), Call.exec("x = 1").args());
        assertEquals(Map.of("target", "math:sqrt", "args", List.of(2.0)), Call.invoke("math:sqrt", 2.0).args());
        assertEquals("ping", Call.ping().command());
        assertTrue(Call.echo(null).args().containsKey("value"));
        assertNull(Call.echo(null).args().get("value"));
    }

    @Test
    void withersChangeOneThing() {
        Call call = Call.eval("x").inSession("alice").withTimeout(Duration.ofSeconds(2)).capturingOutput();
        assertEquals(Optional.of("alice"), call.session());
        assertEquals(Optional.of(Duration.ofSeconds(2)), call.timeout());
        assertEquals(Map.of("code", "x", "capture", true), call.args());
    }

    @Test
    void aTimeoutTheClockCannotCountIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Call.ping().withTimeout(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals("timeout must be at most 36500 days (about 100 years), the longest span the bridge's clock can count: "
                + Duration.ofSeconds(Long.MAX_VALUE), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Call.ping().withTimeout(Duration.ZERO));
    }

    @Test
    void argumentsAreCopiedInOrder() {
        Map<String, Object> args = new HashMap<>();
        args.put("code", "1");
        Call call = Call.of("eval", args);
        args.put("code", "2");
        assertEquals("1", call.args().get("code"));
        assertThrows(UnsupportedOperationException.class, () -> call.args().put("x", 1));
        assertEquals(List.of("a", "b", "c"), List.copyOf(Call.of("x").withArg("a", 1).withArg("b", 2).withArg("c", 3).args().keySet()));
    }

    @Test
    void optionsAccumulate() {
        Call call = Call.exec("def f(): pass").inSession("s").definingSession().idempotent();
        assertEquals(Set.of(CallOption.SESSION_STATE, CallOption.IDEMPOTENT), call.options());
        assertTrue(call.has(CallOption.IDEMPOTENT));
        assertEquals(call.options(), call.withTimeout(Duration.ofSeconds(1)).withArg("capture", true).options());
    }

    @Test
    void sessionStateNeedsASessionAndExcludesAllWorkers() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Call.exec("x = 1").definingSession());
        assertEquals("a SESSION_STATE call needs a session: call inSession(id) first", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Call.exec("x = 1").inSession("s").definingSession().onAllWorkers());
    }

    @Test
    void rejectsWhatCannotBeACall() {
        assertThrows(IllegalArgumentException.class, () -> Call.of(" "));
        assertThrows(IllegalArgumentException.class, () -> Call.ping().inSession(""));
        assertThrows(IllegalArgumentException.class, () -> Call.ping().withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Call.ping().withTimeout(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> Call.eval(null));
    }
}
