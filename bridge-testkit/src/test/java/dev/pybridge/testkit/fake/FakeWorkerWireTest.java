package dev.pybridge.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fake worker writes, byte for byte, for what python/PROTOCOL.md says a worker answers. */
class FakeWorkerWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeWorkerLauncher plain = FakeWorkerLauncher.create();
    private Set<String> threadsBefore;

    @BeforeEach
    void noteThreads() {
        threadsBefore = Await.fakeWorkerThreads();
    }

    @AfterEach
    void leavesNoThreadBehind() {
        Await.until("every fake worker thread has ended", () -> threadsBefore.containsAll(Await.fakeWorkerThreads()));
    }

    @Test
    void beginsWithAReadyFrameThatOwnsUpToHavingNoProcess() {
        try (RawWorker worker = new RawWorker(plain, "--threads", "2")) {
            JsonNode ready = worker.read();
            assertEquals(0, ready.get("id").asInt());
            assertTrue(ready.get("success").asBoolean());
            JsonNode info = ready.get("result");
            assertTrue(info.get("ready").asBoolean());
            assertEquals(-1, info.get("pid").asLong());
            assertEquals(2, info.get("protocol").asInt());
            assertEquals("w1", info.get("worker_id").asText());
            assertEquals(2, info.get("threads").asInt());
            List<String> commands = JSON.convertValue(info.get("commands"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertEquals(commands.stream().sorted().toList(), commands);
            assertTrue(commands.containsAll(List.of("call", "cancel", "echo", "eval", "exec", "ping", "session.close", "shutdown", "stats",
                    "configure_lm", "create_program", "execute_program", "list_programs", "get_program", "delete_program", "save_program",
                    "load_program", "dspy_info")), commands.toString());
        }
    }

    @Test
    void answersAnUnusablePayloadWithANullIdAndReadsOn() {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            for (String payload : List.of("not json", "[1]", "{\"command\": \"ping\"}", "{\"id\": 1.0, \"command\": \"ping\"}",
                    "{\"id\": true, \"command\": \"ping\"}", "{\"id\": 0, \"command\": \"ping\"}", "{\"id\": 1} trailing")) {
                worker.send(payload);
                JsonNode reply = worker.read();
                assertTrue(reply.get("id").isNull(), payload + " -> " + reply);
                assertEquals("ProtocolError", reply.at("/error/type").asText(), payload + " -> " + reply);
            }
            worker.send("{\"id\": 9, \"command\": \"ping\"}");
            assertEquals(9, worker.read().get("id").asInt());
        }
    }

    @Test
    void answersAMalformedRequestWithItsId() {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            Map<String, String> expected = Map.of(
                    "{\"id\": 1, \"command\": 5}", "ProtocolError",
                    "{\"id\": 2, \"command\": \"ping\", \"session\": 3}", "ProtocolError",
                    "{\"id\": 3, \"command\": \"ping\", \"args\": {\"__pybridge__\": \"int\", \"value\": \"5\"}}", "ProtocolError",
                    "{\"id\": 9, \"command\": \"ping\", \"args\": null}", "ProtocolError",
                    "{\"id\": 4, \"command\": \"echo\", \"args\": {\"value\": {\"__pybridge__\": \"nope\", \"value\": 1}}}", "InvalidArguments",
                    "{\"id\": 5, \"command\": \"echo\", \"args\": {\"value\": {\"__pybridge__\": \"bytes\", \"value\": \"A\"}}}", "InvalidArguments",
                    "{\"id\": 6, \"command\": \"echo\", \"args\": {\"value\": {\"__pybridge__\": \"ref\", \"value\": {\"id\": 1, \"session\": \"s\"}}}}",
                    "InvalidArguments",
                    "{\"id\": 7, \"command\": \"no_such_command\"}", "UnknownCommand",
                    "{\"id\": 8, \"command\": \"echo\", \"args\": {}}", "InvalidArguments");
            Map<Integer, String> answered = new HashMap<>();
            expected.keySet().forEach(worker::send);
            for (int i = 0; i < expected.size(); i++) {
                JsonNode reply = worker.read();
                assertFalse(reply.get("success").asBoolean(), reply.toString());
                answered.put(reply.get("id").asInt(), reply.at("/error/type").asText());
            }
            Map<Integer, String> byId = new HashMap<>();
            expected.forEach((payload, type) -> byId.put(payload.charAt(7) - '0', type));
            assertEquals(byId, answered);
        }
    }

    @Test
    void writesTagsAsTheProtocolSays() {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            Map<String, String> echoes = Map.of(
                    "{\"__pybridge__\": \"int\", \"value\": \"-123456789012345678901234567890\"}",
                    "{\"__pybridge__\":\"int\",\"value\":\"-123456789012345678901234567890\"}",
                    "{\"__pybridge__\": \"int\", \"value\": \"5\"}", "5",
                    "{\"__pybridge__\": \"float\", \"value\": \"-inf\"}", "{\"__pybridge__\":\"float\",\"value\":\"-inf\"}",
                    "{\"__pybridge__\": \"bytes\", \"value\": \"AAEC\"}", "{\"__pybridge__\":\"bytes\",\"value\":\"AAEC\"}",
                    "{\"__pybridge__\": \"dict\", \"value\": [[\"__pybridge__\", 1], [\"b\", null]]}",
                    "{\"__pybridge__\":\"dict\",\"value\":[[\"__pybridge__\",1],[\"b\",null]]}",
                    "{\"\\udc00 lone\": \"\\ud800\", \"\\ue000\": 1}",
                    "{\"__pybridge__\":\"dict\",\"value\":[[\"\\udc00 lone\",\"\\ud800\"],[\"\\ue000\",1]]}");
            int id = 1;
            for (Map.Entry<String, String> echo : echoes.entrySet()) {
                worker.send("{\"id\": " + id + ", \"command\": \"echo\", \"args\": {\"value\": " + echo.getKey() + "}}");
                JsonNode reply = worker.read();
                assertEquals(id++, reply.get("id").asInt());
                assertEquals(tree(echo.getValue()), reply.get("result"), echo.getKey());
            }
        }
    }

    @Test
    void refusesAnIdThatIsInFlightAlready() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeWorkerLauncher launcher = plain.answering("wait", args -> {
            try {
                return release.await(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        try (RawWorker worker = new RawWorker(launcher, "--threads", "2")) {
            worker.read();
            worker.send("{\"id\": 7, \"command\": \"wait\"}");
            worker.send("{\"id\": 7, \"command\": \"ping\"}");
            JsonNode refused = worker.read();
            assertTrue(refused.get("id").isNull(), refused.toString());
            assertTrue(refused.at("/error/message").asText().contains("in flight"), refused.toString());
            release.countDown();
            JsonNode answered = worker.read();
            assertEquals(7, answered.get("id").asInt());
            assertTrue(answered.get("result").asBoolean());
        }
    }

    @Test
    void cancelsASlowRequestThatRunsOnAThreadOfItsOwn() {
        try (RawWorker worker = new RawWorker(FakeWorkerLauncher.withFaults(List.of(Fault.slowAnswers(Await.PATIENCE.multipliedBy(2)))),
                "--threads", "2")) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"eval\", \"args\": {\"code\": \"1\"}}");
            worker.send("{\"id\": 2, \"command\": \"cancel\", \"args\": {\"id\": 1}}");
            Map<Integer, JsonNode> replies = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                JsonNode reply = worker.read();
                replies.put(reply.get("id").asInt(), reply);
            }
            assertEquals("Cancelled", replies.get(1).at("/error/type").asText(), replies.toString());
            assertTrue(replies.get(2).at("/result/cancelled").asBoolean(), replies.toString());
        }
    }

    @Test
    void withOneThreadACancelFindsItsTargetAnsweredAlready() {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"eval\", \"args\": {\"code\": \"1\"}}");
            worker.send("{\"id\": 2, \"command\": \"cancel\", \"args\": {\"id\": 1}}");
            assertEquals(1, worker.read().get("result").asInt());
            assertFalse(worker.read().at("/result/cancelled").asBoolean());
        }
    }

    @Test
    void exitsAsTheProtocolsExitTableSays() throws IOException {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.closeStdin();
            assertEquals(0, worker.exitCode(), "stdin ended between frames");
            assertTrue(worker.stdoutEnds());
        }
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.write(new byte[] {0, 0, 0, 10, '{'});
            worker.closeStdin();
            assertEquals(3, worker.exitCode(), "stdin ended inside a frame");
            assertTrue(worker.stderrLine().contains("stdin ended inside a frame of 10 bytes"));
        }
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.write(new byte[] {0, 0, 4, 1});
            assertEquals(3, worker.exitCode(), "a frame over --max-frame-bytes");
            assertTrue(worker.stderrLine().contains("a frame of 1025 bytes is over the maximum of 1024 bytes"));
        }
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"shutdown\"}");
            assertTrue(worker.read().at("/result/shutting_down").asBoolean());
            assertEquals(0, worker.exitCode());
            assertTrue(worker.stdoutEnds());
        }
        try (RawWorker worker = new RawWorker(plain, "--extension", "mypackage.commands")) {
            assertEquals(5, worker.exitCode(), "an extension it cannot load");
            assertTrue(worker.stderrLine().contains("mypackage.commands"));
            assertTrue(worker.stdoutEnds(), "no ready frame");
        }
    }

    @Test
    void aKilledWorkerExitsWith137AndClosesItsPipes() {
        try (RawWorker worker = new RawWorker(plain)) {
            worker.read();
            worker.process.kill();
            assertEquals(137, worker.exitCode());
            assertFalse(worker.process.isAlive());
            assertTrue(worker.stdoutEnds());
            assertThrows(IOException.class, () -> worker.process.stdin().write(1));
        }
    }

    @Test
    void aCrashClosesThePipesButAWorkerWhoseForkedChildLivesOnLeavesThemOpen() {
        FakeWorkerLauncher launcher = FakeWorkerLauncher.withFaults(List.of(Fault.crashOn("boom"), Fault.forkChildAndDie("fork")));
        try (RawWorker worker = new RawWorker(launcher)) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"boom\"}");
            assertEquals(137, worker.exitCode());
            assertTrue(worker.stdoutEnds());
            assertThrows(IOException.class, () -> worker.process.stdin().write(1));
        }
        try (RawWorker worker = new RawWorker(launcher)) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"fork\"}");
            assertEquals(137, worker.exitCode());
            assertFalse(worker.process.isAlive());
            // The three pipes close together or not at all: stdin still taking bytes means stdout is still open too.
            assertTrue(RawWorker.within(() -> {
                worker.process.stdin().write(1);
                return true;
            }));
            worker.process.kill();
            assertTrue(worker.stdoutEnds(), "killing it ends what it forked, and with that its pipes");
            assertEquals(137, worker.exitCode());
        }
    }

    @Test
    void startUpFaultsEndTheWorkerBeforeOrJustAfterItsReadyFrame() {
        try (RawWorker worker = new RawWorker(FakeWorkerLauncher.withFaults(List.of(Fault.dieDuringStartup())))) {
            assertEquals(1, worker.exitCode());
            assertTrue(worker.stderrLine().contains("fails during start-up (Fault.DieDuringStartup)"));
            assertTrue(worker.stdoutEnds(), "no ready frame");
        }
        try (RawWorker worker = new RawWorker(FakeWorkerLauncher.withFaults(List.of(Fault.crashAfterReady())))) {
            assertTrue(worker.read().at("/result/ready").asBoolean());
            assertEquals(137, worker.exitCode());
            assertTrue(worker.stdoutEnds());
        }
    }

    @Test
    void aClosedWorkerLeavesNoThread() {
        FakeWorkerLauncher launcher = FakeWorkerLauncher.withFaults(List.of(Fault.hangOn("stall")));
        try (RawWorker worker = new RawWorker(launcher, "--threads", "3")) {
            worker.read();
            worker.send("{\"id\": 1, \"command\": \"stall\"}");
            assertEquals(1, launcher.running());
            assertTrue(Await.fakeWorkerThreads().containsAll(Set.of("bridge-mock-w1-reader", "bridge-mock-w1-runner-1",
                    "bridge-mock-w1-runner-2", "bridge-mock-w1-runner-3")), Await.fakeWorkerThreads().toString());
        }
        Await.until("the launcher counts it exited", () -> launcher.running() == 0);
        Await.until("its threads have ended", () -> Await.fakeWorkerThreads().stream().noneMatch(name -> name.startsWith("bridge-mock-w1-")));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        }
        catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
