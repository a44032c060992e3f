package dev.pybridge.core.program;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterHealth;
import dev.pybridge.api.program.ApiKey;
import dev.pybridge.api.program.Description;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.spi.AdapterCatalog;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingDspy;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The python adapter against a real worker: DSPy where it imports, else the stand-in; a fake LM. */
@ExtendWith(NoProcessLeft.class)
public class PythonAdapterIT {

    private static final String KEY = "sk-test-SECRET123";

    public record Question(@Description("what the user asks") String question) {}

    public enum Confidence { LOW, HIGH }

    public record Answer(@Description("a short answer") String answer, double score, Confidence confidence,
            List<String> sources, Optional<Boolean> verified) {}

    private SingleProcessBridge bridge;
    private PythonAdapter adapter;

    @BeforeEach
    void start() {
        bridge = SingleProcessBridge.start(TestingPython.config().python(TestingDspy.environment()).build());
        adapter = PythonAdapter.builder(bridge).build();
    }

    @AfterEach
    void stop() {
        adapter.close();
        bridge.close();
    }

    @Test
    void aRecordGoesInAndARecordComesOutWithoutAStringKey() {
        adapter.configureLm(TestingDspy.answeringLm());
        ProgramInfo info = adapter.createProgram(ProgramSpec.predict(Signature.of(Question.class, Answer.class)).withId("qa"));
        assertEquals("question -> answer, score: float, confidence: Literal['LOW', 'HIGH'], sources: list[str], "
                + "verified: Optional[bool]", info.signature());

        Answer answer = adapter.execute("qa", new Question("What is 6 * 7?"), Answer.class);

        assertEquals("answer to What is 6 * 7?", answer.answer());
        assertEquals(List.of("a", "b"), answer.sources());
        assertTrue(List.of(Confidence.values()).contains(answer.confidence()));
    }

    @Test
    void chainOfThoughtExposesItsReasoningAndThePredictionNamesItsWorker() {
        adapter.configureLm(TestingDspy.answeringLm());
        ProgramInfo info = adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("cot"));
        assertEquals(List.of("answer"), info.outputs(), "the reasoning is not among the outputs");

        Prediction prediction = adapter.execute("cot", Map.of("question", "Why?"));

        assertEquals("answer to Why?", prediction.getString("answer"));
        assertTrue(prediction.reasoning().isPresent(), prediction.toString());
        assertFalse(prediction.outputs().containsKey("reasoning"), "the reasoning is not an output: " + prediction.outputs());
        assertEquals(bridge.status().worker().orElseThrow().id(), prediction.worker());
    }

    @Test
    void aProgramSurvivesItsWorkersKillMinusNine() {
        adapter.configureLm(TestingDspy.answeringLm());
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("survivor"));
        assertEquals("answer to one", adapter.execute("survivor", Map.of("question", "one")).getString("answer"));
        long pid = workerPid();

        Processes.killMinusNine(pid);
        Processes.awaitGone(pid);

        Prediction after = adapter.execute("survivor", Map.of("question", "two"));
        assertEquals("answer to two", after.getString("answer"));
        assertNotEquals(pid, workerPid(), "a new worker served it");
    }

    @Test
    void aSavedStateLoadsIntoAProgramOfTheSameShapeAndListingsFollowDeletes() {
        adapter.configureLm(TestingDspy.answeringLm());
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("first"));
        adapter.createProgram(ProgramSpec.predict("question -> answer"));
        assertEquals(List.of("first", "program-1"), adapter.listPrograms().stream().map(ProgramInfo::id).toList());

        ProgramState state = adapter.saveProgram("first");
        adapter.loadProgram("program-1", state);
        assertEquals(state, adapter.saveProgram("program-1"));

        assertTrue(adapter.deleteProgram("first"));
        assertFalse(adapter.deleteProgram("first"));
        assertEquals(Optional.empty(), adapter.getProgram("first"));
        InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                () -> adapter.execute("first", Map.of("question", "gone?")));
        assertEquals(InvalidRequestException.Reason.UNKNOWN_PROGRAM, unknown.reason());
        assertTrue(unknown.getMessage().contains("program-1"), unknown.getMessage());

        adapter.close();
        assertEquals(List.of(), adapter.listPrograms(), "closing deletes the programs");
        assertEquals(0, adapter.stats().programs());
    }

    @Test
    void aProgramTheWorkerForgotIsGivenToItAgain() {
        adapter.configureLm(TestingDspy.answeringLm());
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("forgotten"));
        ProgramState state = adapter.saveProgram("forgotten");
        adapter.loadProgram("forgotten", state);

        // As when a pool forgets an idle session: the worker frees the adapter's programs.
        bridge.call(Call.of("session.close").inSession(sessionOf(adapter)));

        assertEquals("answer to again", adapter.execute("forgotten", Map.of("question", "again")).getString("answer"));
        assertEquals(state, adapter.saveProgram("forgotten"));
    }

    @Test
    void theHistoryHoldsEachExchangeWithItsProgramAndWorker() {
        adapter.configureLm(TestingDspy.answeringLm());
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("talk"));
        adapter.execute("talk", Map.of("question", "first"));
        adapter.execute("talk", Map.of("question", "second"));

        List<LmExchange> last = adapter.history(1);

        assertEquals(1, last.size());
        assertEquals("talk", last.get(0).programId());
        assertTrue(last.get(0).messages().toString().contains("second"), last.get(0).toString());
        assertEquals(2, adapter.history(10).size());
        assertEquals(2, adapter.stats().executions());
    }

    @Test
    void anApiKeyReachesNoMessageTracebackStderrHistoryOrToString() {
        LmConfig lm = LmConfig.builder("fake/failing").apiKey(ApiKey.of(KEY)).factory("fake_lms:failing_with_key").build();
        assertFalse(lm.toString().contains(KEY), lm.toString());
        adapter.configureLm(lm);
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("leaky"));

        PythonException failure = assertThrows(PythonException.class, () -> adapter.execute("leaky", Map.of("question", "q")));

        assertTrue(failure.getMessage().contains("***"), "the key's place is marked: " + failure.getMessage());
        for (String text : List.of(failure.getMessage(), failure.toString(), String.valueOf(failure.traceback()),
                String.valueOf(failure.stderr()), adapter.history(100).toString(), adapter.stats().toString(),
                String.valueOf(bridge.status()))) {
            assertFalse(text.contains(KEY), text);
        }
    }

    @Test
    void healthReportsDspyAndAMissingLmIsATypedError() {
        AdapterHealth health = adapter.health();
        assertTrue(health.healthy(), health.toString());
        assertTrue(health.dspyVersion().isPresent(), health.toString());

        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("unconfigured"));
        InvalidRequestException error = assertThrows(InvalidRequestException.class,
                () -> adapter.execute("unconfigured", Map.of("question", "q")));
        assertEquals(InvalidRequestException.Reason.LM_NOT_CONFIGURED, error.reason());
    }

    @Test
    void withoutDspyEveryProgramCommandSaysHowToInstallIt() {
        assumeFalse(TestingDspy.realDspy(), "DSPy imports in the test interpreter");
        try (SingleProcessBridge plain = SingleProcessBridge.start(TestingPython.config().build());
             PythonAdapter withoutDspy = PythonAdapter.builder(plain).build()) {
            BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                    () -> withoutDspy.createProgram(ProgramSpec.predict("question -> answer")));
            assertTrue(error.getMessage().contains("pip install dspy"), error.getMessage());
            AdapterHealth health = withoutDspy.health();
            assertFalse(health.healthy());
            assertTrue(health.problem().orElseThrow().contains("pip install dspy"), health.toString());
        }
    }

    @Test
    void theCatalogFindsThePythonProviderByNameAndItsPropertiesConfigureTheLm() {
        Map<String, String> properties = Map.of(
                "python", TestingPython.environment().executable(),
                "python-path", TestingDspy.environment().environment().get("PYTHONPATH"),
                "timeout", "PT30S",
                "lm.model", "fake/answering",
                "lm.factory", "fake_lms:answering");
        try (Adapter found = AdapterCatalog.load().create("python", properties)) {
            assertInstanceOf(PythonAdapter.class, found);
            found.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("answer to found", found.execute("qa", Map.of("question", "found")).getString("answer"));
        }
    }

    @Test
    void aMistypedPropertyIsRefusedBeforeAnythingStarts() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> AdapterCatalog.load().create("python", Map.of("lm.modle", "fake/answering")));
        assertTrue(error.getMessage().contains("lm.model"), error.getMessage());
        BridgeConfigurationException badValue = assertThrows(BridgeConfigurationException.class,
                () -> AdapterCatalog.load().create("python", Map.of("timeout", "soon")));
        assertTrue(badValue.getMessage().contains("timeout must be an ISO-8601 duration"), badValue.getMessage());
    }

    private long workerPid() {
        return ((Number) ((Map<?, ?>) bridge.call(Call.ping())).get("pid")).longValue();
    }

    private static String sessionOf(PythonAdapter adapter) {
        return adapter.sessionId();
    }
}
