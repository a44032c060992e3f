package dev.pybridge.testkit.fake;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.status.ReadyInfo;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real bridges (their codec, engine and pool) run on fake workers as they do on Python. */
class FakeWorkerBridgeTest {

    private Set<String> threadsBefore;

    @BeforeEach
    void noteThreads() {
        threadsBefore = Await.fakeWorkerThreads();
    }

    @AfterEach
    void leavesNoThreadBehind() {
        Await.until("every fake worker thread the test started has ended",
                () -> threadsBefore.containsAll(Await.fakeWorkerThreads()));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void echoReturnsEveryValueExactly(Topology topology) {
        Map<String, Object> taggedKey = new LinkedHashMap<>();
        taggedKey.put("__pybridge__", "mine");
        taggedKey.put("value", List.of(1L));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("none", null);
        nested.put("bytes", new byte[] {1, 2});
        nested.put("big", BigInteger.TWO.pow(70));
        List<Object> values = List.of(true, false, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, BigInteger.TWO.pow(100),
                BigInteger.TWO.pow(80).negate(), 3.5, -0.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                "", "héllo ✓ 🐍", "lone \ud800 surrogate", new byte[0], new byte[] {0, -1, 127, -128},
                List.of(), List.of(1L, "a", List.of(2.5, List.of())), Map.of(), taggedKey, nested, Map.of("\udc00", 1L));
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            for (Object value : values) {
                assertEquals(comparable(value), comparable(bridge.call(Call.echo(value))), () -> "echo of " + comparable(value));
            }
            assertNull(bridge.call(Call.echo(null)));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void evalComputesLiteralsAndIntegerArithmeticAndReturnsOtherCodeItself(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            assertEquals(42L, bridge.eval("6 * 7"));
            assertEquals(BigInteger.TWO.pow(100), bridge.eval("2 ** 100"));
            assertEquals(-4L, bridge.eval("-7 // 2"));
            assertEquals(1L, bridge.eval("-7 % 2"));
            assertEquals(9L, bridge.eval("(1 + 2) * 3"));
            assertNull(bridge.eval("None"));
            assertEquals(List.of(1L, "a'b", true, 2.5), bridge.eval("[1, 'a\\'b', True, 2.5]"));
            assertEquals("os.getcwd()", bridge.eval("os.getcwd()"));
            PythonException zero = assertThrows(PythonException.class, () -> bridge.eval("1 // 0"));
            assertEquals("ZeroDivisionError", zero.pythonType());
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void execBindsNamesInTheRequestsSessionOnly(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            assertNull(bridge.call(Call.exec("x = 40\ny = x + 2").inSession("a").definingSession()));
            assertEquals(42L, bridge.call(Call.eval("y").inSession("a")));
            assertEquals("y", bridge.call(Call.eval("y").inSession("b")), "another session does not see it");
            assertEquals(2L, bridge.call(Call.exec("z = 1; z + 1").inSession("a")), "exec returns its final expression");
            assertEquals(Map.of("closed", true), bridge.call(Call.of("session.close").inSession("a")));
            assertEquals("y", bridge.call(Call.eval("y").inSession("a")), "a closed session starts anew");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void aSessionMovedToANewWorkerKeepsWhatDefinedIt(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.withFaults(List.of(Fault.crashOn("die_now"))))) {
            bridge.call(Call.exec("x = 41").inSession("s").definingSession());
            assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.of("die_now").inSession("s")));
            assertEquals(42L, bridge.call(Call.eval("x + 1").inSession("s")));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void callReturnsItsArgumentsAndCaptureWrapsTheValue(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            assertEquals(List.of(3L, 4L), bridge.invoke("math:hypot", 3L, 4L));
            assertEquals(Map.of("value", 2L, "stdout", "", "stderr", ""), bridge.call(Call.eval("1 + 1").capturingOutput()));
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void refusesUnknownCommandsAndArgumentsAsTheWorkerDoes(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            InvalidRequestException unknown = assertThrows(InvalidRequestException.class, () -> bridge.call("no_such_command", Map.of()));
            assertEquals(InvalidRequestException.Reason.UNKNOWN_COMMAND, unknown.reason());
            assertTrue(unknown.getMessage().contains("echo"), unknown.getMessage());
            InvalidRequestException misspelt = assertThrows(InvalidRequestException.class, () -> bridge.call("echo", Map.of("valu", 1L)));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, misspelt.reason());
            assertTrue(misspelt.getMessage().contains("'valu'"), misspelt.getMessage());
            assertEquals(7L, bridge.eval("7"), "the worker serves on");
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void answersWhatATestScripts(Topology topology) {
        FakeWorkerLauncher launcher = FakeWorkerLauncher.create()
                .answering("double", args -> (Long) args.get("n") * 2)
                .answering("refuse", args -> {
                    throw new ValueError("no " + args.get("n"));
                })
                .answering("unsendable", args -> new Object());
        try (PythonBridge bridge = topology.open(launcher)) {
            assertEquals(42L, bridge.call("double", Map.of("n", 21L)));
            PythonException refused = assertThrows(PythonException.class, () -> bridge.call("refuse", Map.of("n", 3L)));
            assertEquals("ValueError", refused.pythonType());
            assertEquals("no 3", refused.pythonMessage());
            PythonException unsendable = assertThrows(PythonException.class, () -> bridge.call("unsendable", Map.of()));
            assertEquals("UnsupportedValue", unsendable.pythonType());
            assertTrue(unsendable.pythonMessage().contains("java.lang.Object"), unsendable.pythonMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> launcher.answering("shutdown", args -> null));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void concurrentCallsEachGetTheirOwnAnswer(Topology topology) throws Exception {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create())) {
            List<CompletableFuture<List<Object>>> callers = new ArrayList<>();
            for (int caller = 0; caller < 8; caller++) {
                int id = caller;
                callers.add(CompletableFuture.supplyAsync(() -> {
                    List<Object> results = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        results.add(bridge.call(Call.echo(id + "/" + i)));
                    }
                    return results;
                }));
            }
            for (int caller = 0; caller < 8; caller++) {
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    expected.add(caller + "/" + i);
                }
                assertEquals(expected, callers.get(caller).get(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aWorkerWithSeveralThreadsRunsRequestsSideBySide() {
        CyclicBarrier meeting = new CyclicBarrier(3);
        FakeWorkerLauncher launcher = FakeWorkerLauncher.create().answering("meet", args -> {
            try {
                return meeting.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS) >= 0;
            }
            catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the three requests did not run at once", e);
            }
        });
        try (PythonBridge bridge = new SingleProcessBridge(Topology.config().toBuilder().workerThreads(3).build(), launcher)) {
            List<CompletableFuture<Object>> meetings = List.of(bridge.submit(Call.of("meet")), bridge.submit(Call.of("meet")),
                    bridge.submit(Call.of("meet")));
            meetings.forEach(met -> assertEquals(true, met.join()));
        }
    }

    @Test
    void itsReadyFrameAndPingTellItHasNoProcess() {
        try (SingleProcessBridge bridge = new SingleProcessBridge(Topology.config(), FakeWorkerLauncher.create())) {
            ReadyInfo ready = bridge.status().worker().orElseThrow().ready();
            assertEquals(-1, ready.pid());
            assertEquals(ReadyInfo.PROTOCOL_VERSION, ready.protocol());
            assertTrue(ready.commands().containsAll(List.of("cancel", "echo", "eval", "execute_program", "ping", "shutdown", "stats")),
                    ready.commands().toString());
            assertEquals(ready.commands().stream().sorted().toList(), ready.commands());
            Map<?, ?> pong = (Map<?, ?>) bridge.call(Call.ping());
            assertEquals(true, pong.get("pong"));
            assertEquals(-1L, pong.get("pid"));
            Map<?, ?> stats = (Map<?, ?>) bridge.call(Call.of("stats"));
            assertTrue(stats.keySet().containsAll(List.of("pid", "python", "uptime_s", "requests", "errors", "in_flight", "sessions",
                    "rss_bytes", "threads")), stats.toString());
        }
    }

    /** What a Python user's exception looks like to the fake worker: a class named as the Python type. */
    private static final class ValueError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ValueError(String message) {
            super(message);
        }
    }

    // Byte arrays compare by identity; as hex text they compare by content, wherever they sit.
    private static Object comparable(Object value) {
        if (value instanceof byte[] bytes) {
            return "bytes:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FakeWorkerBridgeTest::comparable).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(key, comparable(element)));
            return copy;
        }
        return value;
    }
}
