package dev.pybridge.testkit.mock;

import dev.pybridge.api.NdArray;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the mock bridge adds to the bridge contract (MockBridgeContractTest): its script and its record of calls. */
class MockBridgeTest {

    @Test
    void answersFromItsScriptAsAWorkerWouldSendTheResultBack() {
        AtomicInteger counter = new AtomicInteger();
        try (MockBridge bridge = MockBridge.builder()
                .answer("eval", call -> 6 * 7)
                .answer("count", call -> List.of(counter.incrementAndGet(), 'x', new short[] {1}, new int[] {2}))
                .build()) {
            assertEquals(42L, bridge.eval("6 * 7"));
            assertEquals(List.of(1L, "x", List.of(1L), NdArray.of(new int[] {2})), bridge.call("count", Map.of()));
        }
    }

    @Test
    void aScriptedFailureFailsEachCallWithAFreshException() {
        try (MockBridge bridge = MockBridge.builder()
                .failing("exec", () -> new PythonException("ValueError", "bad value", null, null, null, null))
                .build()) {
            PythonException first = assertThrows(PythonException.class, () -> bridge.exec("x"));
            PythonException second = assertThrows(PythonException.class, () -> bridge.exec("x"));
            assertEquals("ValueError", first.pythonType());
            assertFalse(first == second, "each call gets its own exception");
        }
    }

    @Test
    void anUnscriptedCommandSaysHowToScriptIt() {
        try (MockBridge bridge = MockBridge.builder().answer("eval", call -> 1).build()) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> bridge.exec("x = 1"));
            assertEquals(InvalidRequestException.Reason.UNKNOWN_COMMAND, refused.reason());
            assertEquals("this MockBridge has no answer for 'exec' (it answers echo, eval, ping): "
                    + "script one with MockBridge.builder().answer(\"exec\", call -> ...)", refused.getMessage());
        }
    }

    @Test
    void echoTakesOneValueAsTheWorkersDoes() {
        try (MockBridge bridge = MockBridge.create()) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> bridge.call("echo", Map.of("valeu", 1)));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, refused.reason());
            assertEquals(Map.of("pong", true, "pid", 0L, "uptime_s", 0.0), bridge.call(Call.ping()));
        }
    }

    @Test
    void aScriptedAnswerMayReplaceADefaultButNoCommandIsScriptedTwice() {
        try (MockBridge bridge = MockBridge.builder().answer("echo", call -> "mine").build()) {
            assertEquals("mine", bridge.call(Call.echo("theirs")));
        }
        MockBridge.Builder builder = MockBridge.builder().answer("eval", call -> 1);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> builder.hanging("eval"));
        assertTrue(twice.getMessage().contains("'eval' is scripted already"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MockBridge.builder().answer(" ", call -> 1));
        assertThrows(IllegalArgumentException.class, () -> MockBridge.builder().callTimeout(Duration.ZERO));
    }

    @Test
    void anAnswerThatCouldNotCrossBackIsTheScriptsMistake() {
        try (MockBridge bridge = MockBridge.builder().answer("eval", call -> new Date()).build()) {
            IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> bridge.eval("now"));
            assertTrue(wrong.getMessage().startsWith("the answer scripted for 'eval' returned what a worker could not send back: "
                    + "result is a java.util.Date"), wrong.getMessage());
        }
    }

    @Test
    void recordsTheCallsItAcceptedInOrder() {
        try (MockBridge bridge = MockBridge.builder().answer("eval", call -> 1).build()) {
            bridge.eval("a");
            bridge.call(Call.echo("b").inSession("s"));
            assertThrows(InvalidRequestException.class, () -> bridge.exec("c"));
            assertThrows(IllegalArgumentException.class, () -> bridge.call(Call.echo(new Object())));

            assertEquals(List.of(Call.eval("a"), Call.echo("b").inSession("s"), Call.exec("c")), bridge.calls());
            assertEquals(List.of(Call.eval("a")), bridge.calls("eval"));
            bridge.close();
            assertThrows(BridgeClosedException.class, () -> bridge.eval("d"));
            assertEquals(3, bridge.calls().size(), "a refused call is not recorded");
        }
    }

    @Test
    void aHangingCommandFailsAtTheCallsOwnDeadlineOrTheBridges() {
        try (MockBridge bridge = MockBridge.builder().hanging("slow").callTimeout(Duration.ofMillis(50)).build()) {
            BridgeTimeoutException own = assertThrows(BridgeTimeoutException.class,
                    () -> bridge.call(Call.of("slow").withTimeout(Duration.ofMillis(20))));
            assertEquals(Duration.ofMillis(20), own.timeout());
            BridgeTimeoutException bridgeDefault = assertThrows(BridgeTimeoutException.class, () -> bridge.call(Call.of("slow")));
            assertEquals(Duration.ofMillis(50), bridgeDefault.timeout());
        }
    }

    @Test
    void closingFailsTheCallsThatHang() throws Exception {
        MockBridge bridge = MockBridge.builder().hanging("slow").build();
        CompletableFuture<Object> waiting = bridge.submit(Call.of("slow"));
        assertFalse(waiting.isDone());

        bridge.close();

        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(BridgeClosedException.class, failed.getCause());
    }
}
