package dev.pybridge.testkit.fake;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.api.program.TokenUsage;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real PythonAdapter runs DSPy programs on fake workers, which answer as the tests' answering LM does. */
class PythonAdapterOnFakeTest {

    private static final String SIGNATURE = "question -> answer, confidence: float, tags: list[str], ok: bool, n: int, "
            + "choice: Literal['x', 'y'], maybe: Optional[int]";

    private Set<String> threadsBefore;

    @BeforeEach
    void noteThreads() {
        threadsBefore = Await.fakeWorkerThreads();
    }

    @AfterEach
    void leavesNoThreadBehind() {
        Await.until("every fake worker thread has ended", () -> threadsBefore.containsAll(Await.fakeWorkerThreads()));
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void runsAChainOfThoughtProgramAnsweringEachOutputByItsType(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create()); Adapter adapter = adapterOver(bridge, topology)) {
            adapter.configureLm(LmConfig.of("fake/answering"));
            ProgramInfo info = adapter.createProgram(ProgramSpec.chainOfThought(SIGNATURE).withId("qa"));
            assertEquals(SIGNATURE, info.signature());
            assertEquals(List.of("question"), info.inputs());
            assertEquals(List.of("answer", "confidence", "tags", "ok", "n", "choice", "maybe"), info.outputs(), "the reasoning is not an output");

            Prediction prediction = adapter.execute("qa", Map.of("question", "What is 2+2?"));
            assertEquals("answer to What is 2+2?", prediction.getString("answer"));
            assertEquals(0.5, prediction.getDouble("confidence"));
            assertEquals(List.of("a", "b"), prediction.get("tags"));
            assertTrue(prediction.getBoolean("ok"));
            assertEquals(1L, prediction.getLong("n"));
            assertEquals("x", prediction.get("choice"));
            assertEquals(1L, prediction.get("maybe"));
            assertEquals(Optional.of("because"), prediction.reasoning());
            TokenUsage usage = prediction.usage().get("fake/answering");
            assertTrue(usage.promptTokens() > 0 && usage.completionTokens() > 0, usage.toString());
            assertEquals(1, adapter.history(10).size());
        }
    }

    @Test
    void spreadsABatchOverAPoolOfTwo() {
        try (PythonBridge bridge = Topology.POOL_OF_TWO.open(FakeWorkerLauncher.create());
             Adapter adapter = adapterOver(bridge, Topology.POOL_OF_TWO)) {
            adapter.configureLm(LmConfig.of("fake/answering"));
            adapter.createProgram(ProgramSpec.predict("question, context -> answer").withId("qa"));
            List<Map<String, ?>> inputs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                inputs.add(Map.of("question", "q" + i, "context", "c"));
            }
            List<Prediction> predictions = adapter.executeBatch("qa", inputs);
            for (int i = 0; i < inputs.size(); i++) {
                assertEquals("answer to q" + i, predictions.get(i).getString("answer"));
                assertEquals(Optional.empty(), predictions.get(i).reasoning(), "predict does not reason");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void savesAndLoadsAProgramsStateAndRefusesOneThatDoesNotFit(Topology topology) {
        try (PythonBridge bridge = topology.open(FakeWorkerLauncher.create()); Adapter adapter = adapterOver(bridge, topology)) {
            adapter.configureLm(LmConfig.of("fake/answering"));
            ProgramInfo created = adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("qa"));
            ProgramState saved = adapter.saveProgram("qa");
            assertEquals(Set.of("predict"), saved.state().keySet());

            Map<String, Object> predictor = new LinkedHashMap<>(castMap(saved.state().get("predict")));
            predictor.put("demos", List.of(Map.of("question", "1+1?", "answer", "2")));
            predictor.put("lm", "an LM's state, which may hold its key");
            assertEquals(created, adapter.loadProgram("qa", new ProgramState(Map.of("predict", predictor))));
            Map<String, Object> reloaded = castMap(adapter.saveProgram("qa").state().get("predict"));
            assertEquals(List.of(Map.of("question", "1+1?", "answer", "2")), reloaded.get("demos"));
            assertNull(reloaded.get("lm"), "an LM's state never crosses");
            assertEquals("answer to q", adapter.executeBatch("qa", List.of(Map.of("question", "q"))).get(0).getString("answer"));

            InvalidRequestException misfit = assertThrows(InvalidRequestException.class,
                    () -> adapter.loadProgram("qa", new ProgramState(Map.of("other", Map.of()))));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, misfit.reason());
            assertEquals(reloaded, castMap(adapter.saveProgram("qa").state().get("predict")), "a state that does not fit changes nothing");
        }
    }

    @Test
    void refusesAProgramWithoutAnLmAndOneTheSessionDoesNotHold() {
        try (PythonBridge bridge = Topology.SINGLE.open(FakeWorkerLauncher.create()); Adapter adapter = adapterOver(bridge, Topology.SINGLE)) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            InvalidRequestException noLm = assertThrows(InvalidRequestException.class, () -> adapter.execute("qa", Map.of("question", "q")));
            assertEquals(InvalidRequestException.Reason.LM_NOT_CONFIGURED, noLm.reason());

            Map<String, Object> signature = Map.of("inputs", List.of(Map.of("name", "q")), "outputs", List.of(Map.of("name", "a")));
            bridge.call(Call.of("create_program", Map.of("program_id", "p", "signature", signature, "kind", "predict")).inSession("s1"));
            assertEquals(1, ((List<?>) bridge.call(Call.of("list_programs").inSession("s1"))).size());
            assertEquals(List.of(), bridge.call(Call.of("list_programs").inSession("s2")), "programs belong to their session");
            InvalidRequestException unknown = assertThrows(InvalidRequestException.class,
                    () -> bridge.call(Call.of("get_program", Map.of("program_id", "p")).inSession("s2")));
            assertEquals(InvalidRequestException.Reason.UNKNOWN_PROGRAM, unknown.reason());
            assertTrue(unknown.getMessage().startsWith("UnknownProgram: "), unknown.getMessage());
        }
    }

    @Test
    void aProgramOutlivesItsWorker() {
        try (PythonBridge bridge = Topology.SINGLE.open(FakeWorkerLauncher.withFaults(List.of(Fault.crashOn("boom"))));
             Adapter adapter = adapterOver(bridge, Topology.SINGLE)) {
            adapter.configureLm(LmConfig.of("fake/answering"));
            adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("qa"));
            assertThrows(WorkerCrashedException.class, () -> bridge.call(Call.of("boom")));
            assertEquals("answer to again", adapter.execute("qa", Map.of("question", "again")).getString("answer"));
        }
    }

    private static Adapter adapterOver(PythonBridge bridge, Topology topology) {
        return PythonAdapter.builder(bridge).workers(topology == Topology.SINGLE ? 1 : 2).build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
