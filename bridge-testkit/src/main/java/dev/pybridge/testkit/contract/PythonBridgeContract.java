package dev.pybridge.testkit.contract;

import dev.pybridge.api.Call;
import dev.pybridge.api.NdArray;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link PythonBridge} promises, as JUnit 5 tests: a test class that implements this
 * interface and its factory method runs them all against its bridge.
 *
 * <pre>{@code
 * class MyBridgeContractTest implements PythonBridgeContract<MyBridge> {
 *     public MyBridge createBridge() {
 *         return MyBridge.start(...);
 *     }
 * }
 * }</pre>
 *
 * <p>Each test makes a fresh bridge and closes it. The capability methods say which tests apply:
 * a test that does not apply is skipped (a JUnit assumption), so a report shows what was not
 * checked. The values echoed, the calls made and the deadlines waited for are generous enough
 * for a loaded machine: a test that goes wrong fails within a minute or two rather than hanging.
 *
 * @param <B> the bridge under test
 * @since 0.2
 */
public interface PythonBridgeContract<B extends PythonBridge> {

    /** A fresh bridge, ready for calls; the test closes it. */
    B createBridge();

    /**
     * Whether the bridge runs Python, so that {@code eval}, {@code exec}, {@code call} and sessions'
     * namespaces work as a worker runs them. Default: true.
     */
    default boolean runsPython() {
        return true;
    }

    /**
     * A call that the bridge takes long to answer (a minute or more), for the deadline and
     * interruption tests; empty if the bridge answers every call at once. Default: a Python
     * {@code time.sleep(120)} where the bridge {@linkplain #runsPython runs Python}.
     */
    default Optional<Call> slowCall() {
        return runsPython() ? Optional.of(Call.exec("import time\ntime.sleep(120)")) : Optional.empty();
    }

    @Test
    default void echoReturnsEveryKindOfValueAsItComesBackFromPython() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("b", 1);
        ordered.put("a", Arrays.asList(null, 'x'));
        ordered.put("c", Map.of("inner", true));
        Map<String, Object> orderedBack = new LinkedHashMap<>();
        orderedBack.put("b", 1L);
        orderedBack.put("a", Arrays.asList(null, "x"));
        orderedBack.put("c", Map.of("inner", true));
        try (B bridge = createBridge()) {
            assertAll(
                    () -> assertEchoed(bridge, null, null),
                    () -> assertEchoed(bridge, true, true),
                    () -> assertEchoed(bridge, 7, 7L),
                    () -> assertEchoed(bridge, (short) -3, -3L),
                    () -> assertEchoed(bridge, Long.MIN_VALUE, Long.MIN_VALUE),
                    () -> assertEchoed(bridge, BigInteger.valueOf(5), 5L),
                    () -> assertEchoed(bridge, BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70).negate()),
                    () -> assertEchoed(bridge, 1.5f, 1.5d),
                    () -> assertEchoed(bridge, Double.NaN, Double.NaN),
                    () -> assertEchoed(bridge, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                    () -> assertEchoed(bridge, "", ""),
                    () -> assertEchoed(bridge, "héllo \u2713 \uD834\uDD1E \"quoted\"\n", "héllo \u2713 \uD834\uDD1E \"quoted\"\n"),
                    () -> assertEchoed(bridge, 'c', "c"),
                    () -> assertEchoed(bridge, new byte[] {0, 1, -1, 127}, new byte[] {0, 1, -1, 127}),
                    () -> assertEchoed(bridge, List.of(), List.of()),
                    () -> assertEchoed(bridge, new short[] {1, 2}, List.of(1L, 2L)),
                    () -> assertEchoed(bridge, new int[] {1, 2}, NdArray.of(new int[] {1, 2})),
                    () -> assertEchoed(bridge, NdArray.of(new double[] {1, 2, 3, 4}, 2, 2), NdArray.of(new double[] {1, 2, 3, 4}, 2, 2)),
                    () -> assertEchoed(bridge, List.of(1, "a", List.of(2.5)), List.of(1L, "a", List.of(2.5))),
                    () -> assertEchoed(bridge, Map.of(), Map.of()),
                    () -> assertEchoed(bridge, ordered, orderedBack));
        }
    }

    private static void assertEchoed(PythonBridge bridge, Object sent, Object expected) {
        Object received = bridge.call(Call.echo(sent));
        assertTrue(PyValues.deepEquals(expected, received), () -> "echo of " + describe(sent) + " came back as " + describe(received));
        assertReceivedLike(expected, received, "echo of " + describe(sent));
    }

    /** Checks that {@code received} has the Java types {@code expected} has, all the way down, as PyValues says a received value has. */
    private static void assertReceivedLike(Object expected, Object received, String what) {
        if (expected instanceof List<?> list) {
            List<?> got = assertInstanceOf(List.class, received, what);
            assertThrows(UnsupportedOperationException.class, () -> got.add(null), what + ": a received list is unmodifiable");
            for (int i = 0; i < list.size(); i++) {
                assertReceivedLike(list.get(i), got.get(i), what + "[" + i + "]");
            }
        }
        else if (expected instanceof Map<?, ?> map) {
            Map<?, ?> got = assertInstanceOf(Map.class, received, what);
            assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(got.keySet()), what + ": a map keeps its order");
            assertThrows(UnsupportedOperationException.class, got::clear, what + ": a received map is unmodifiable");
            map.forEach((key, value) -> assertReceivedLike(value, got.get(key), what + "." + key));
        }
        else if (expected != null) {
            assertInstanceOf(expected.getClass(), received, what);
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof byte[] bytes ? Arrays.toString(bytes)
                : value instanceof int[] ints ? Arrays.toString(ints)
                : value instanceof short[] shorts ? Arrays.toString(shorts) : String.valueOf(value);
        return text + " (" + value.getClass().getName() + ")";
    }

    @Test
    default void anArgumentThatCannotCrossIsRefusedNamingIt() {
        Call call = Call.of("echo", Map.of("value", List.of("fine", new StringBuilder("not fine"))));
        try (B bridge = createBridge()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> bridge.submit(call));
            assertTrue(refused.getMessage().contains("args.value[1]") && refused.getMessage().contains("java.lang.StringBuilder"),
                    refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> bridge.call(call));
            assertEquals("still serving", bridge.call(Call.echo("still serving")));
        }
    }

    @Test
    default void submitCompletesItsFuture() throws Exception {
        try (B bridge = createBridge()) {
            CompletableFuture<Object> result = bridge.submit(Call.echo("submitted"));
            assertEquals("submitted", result.get(Patience.CALL.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    default void pingAnswersPong() {
        try (B bridge = createBridge()) {
            Map<?, ?> pong = assertInstanceOf(Map.class, bridge.call(Call.ping()));
            assertEquals(true, pong.get("pong"), pong.toString());
        }
    }

    @Test
    default void anUnknownCommandIsAnInvalidRequestNamingIt() {
        try (B bridge = createBridge()) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> bridge.call(Call.of("no_such_command")));
            assertEquals(InvalidRequestException.Reason.UNKNOWN_COMMAND, refused.reason());
            assertEquals(ErrorCategory.INVALID_REQUEST, refused.category());
            assertTrue(refused.getMessage().contains("no_such_command"), refused.getMessage());
            assertEquals("still serving", bridge.call(Call.echo("still serving")));
        }
    }

    @Test
    default void aCallAfterCloseIsRefused() {
        B bridge = createBridge();
        bridge.close();
        assertThrows(BridgeClosedException.class, () -> bridge.call(Call.echo("too late")));
        // submit may refuse at once or fail its future: either way the caller learns the bridge is closed.
        Exception failure = assertThrows(Exception.class,
                () -> bridge.submit(Call.echo("too late")).get(Patience.CALL.toSeconds(), TimeUnit.SECONDS));
        Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
        assertInstanceOf(BridgeClosedException.class, cause, "submit after close");
    }

    @Test
    default void closeIsIdempotent() {
        B bridge = createBridge();
        assertEquals("open", bridge.call(Call.echo("open")));
        bridge.close();
        bridge.close();
        assertThrows(BridgeClosedException.class, () -> bridge.call(Call.echo("closed")));
    }

    @Test
    default void callsFromSeveralThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
        int threads = 4;
        int callsEach = 25;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (B bridge = createBridge()) {
            List<Future<List<Object>>> answers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                answers.add(callers.submit(() -> {
                    List<Object> got = new ArrayList<>();
                    for (int i = 0; i < callsEach; i++) {
                        got.add(bridge.call(Call.echo(List.of(thread, i))));
                    }
                    return got;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < callsEach; i++) {
                    expected.add(List.of((long) t, (long) i));
                }
                assertEquals(expected, answers.get(t).get(Patience.CALL.toSeconds(), TimeUnit.SECONDS));
            }
        }
        finally {
            callers.shutdownNow();
        }
    }

    @Test
    default void anInterruptedCallerIsReleasedWithBridgeInterruptedAndKeepsItsFlag() throws Exception {
        Optional<Call> slow = slowCall();
        assumeTrue(slow.isPresent(), "the bridge answers every call at once: no caller waits");
        try (B bridge = createBridge()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    bridge.call(slow.get().withTimeout(Patience.CALL));
                }
                catch (Throwable e) {
                    failure.set(e);
                    flagKept.set(Thread.currentThread().isInterrupted());
                }
            }, "contract-interrupted-caller");
            caller.start();
            // Interrupted at any moment of the call, the caller must fare the same; the likeliest moment to get wrong is
            // while it blocks, so it gets some time to get there (parked, or in a blocking read), then is interrupted anyway.
            Patience.awaitUpTo(Patience.TO_BLOCK, () -> !caller.isAlive() || Patience.blocks(caller));
            caller.interrupt();
            caller.join(Patience.CALL.toMillis());
            assertTrue(!caller.isAlive(), "the interrupted caller was released");
            assertInstanceOf(BridgeInterruptedException.class, failure.get(), "the interrupted caller's failure");
            assertTrue(flagKept.get(), "the interrupted caller keeps its interrupt flag");
        }
    }

    @Test
    default void aCallPastItsDeadlineFailsWithATimeout() {
        Optional<Call> slow = slowCall();
        assumeTrue(slow.isPresent(), "the bridge answers every call at once: no deadline can pass");
        Duration deadline = Duration.ofMillis(500);
        try (B bridge = createBridge()) {
            BridgeTimeoutException late = assertThrows(BridgeTimeoutException.class, () -> bridge.call(slow.get().withTimeout(deadline)));
            assertEquals(deadline, late.timeout());
            assertEquals(ErrorCategory.TIMEOUT, late.category());
            assertTrue(late.isRetryable());
            assertEquals("after the timeout", bridge.call(Call.echo("after the timeout").withTimeout(Patience.CALL)));
        }
    }

    @Test
    default void evalExecAndInvokeRunPython() {
        assumeTrue(runsPython(), "the bridge runs no Python");
        try (B bridge = createBridge()) {
            assertEquals(42L, bridge.eval("6 * 7"));
            assertEquals(42L, bridge.exec("x = 20\nx + 22"));
            assertEquals(null, bridge.exec("y = 1"));
            assertEquals(4.0, bridge.invoke("math:sqrt", 16.0));
            assertEquals(3L, bridge.invoke("len", List.of(1, 2, 3)));
        }
    }

    @Test
    default void pythonErrorsArePythonExceptionsAndMissingTargetsInvalidRequests() {
        assumeTrue(runsPython(), "the bridge runs no Python");
        try (B bridge = createBridge()) {
            PythonException raised = assertThrows(PythonException.class, () -> bridge.eval("1 / 0"));
            assertEquals("ZeroDivisionError", raised.pythonType());
            assertEquals(ErrorCategory.PYTHON, raised.category());
            InvalidRequestException missing = assertThrows(InvalidRequestException.class,
                    () -> bridge.invoke("math:no_such_function"));
            assertEquals(InvalidRequestException.Reason.TARGET_NOT_FOUND, missing.reason());
            assertEquals(42L, bridge.eval("6 * 7"), "the bridge still serves");
        }
    }

    @Test
    default void eachSessionHasANamespaceOfItsOwn() {
        assumeTrue(runsPython(), "the bridge runs no Python");
        try (B bridge = createBridge()) {
            bridge.call(Call.exec("mine = 'alice'").inSession("contract-a").definingSession());
            assertEquals("alice", bridge.call(Call.eval("mine").inSession("contract-a")));
            PythonException unknown = assertThrows(PythonException.class, () -> bridge.call(Call.eval("mine").inSession("contract-b")));
            assertEquals("NameError", unknown.pythonType());
            assertThrows(PythonException.class, () -> bridge.eval("mine"), "the default namespace is not a session's");
        }
    }
}
