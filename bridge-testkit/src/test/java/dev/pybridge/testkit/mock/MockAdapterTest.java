package dev.pybridge.testkit.mock;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.FieldType;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.ModuleKind;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.program.TokenUsage;
import dev.pybridge.api.spi.AdapterCatalog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the mock adapter adds to the adapter contract (MockAdapterContractTest): its rule, its script, its honesty. */
class MockAdapterTest {

    private static final LmConfig LM = LmConfig.of("mock/model");

    @Test
    void answersEveryOutputByItsTypeAsTheTestLmsDo() {
        Signature signature = Signature.builder()
                .input("topic")
                .input("count", FieldType.INT)
                .output("summary")
                .output("rationale")
                .output("score", FieldType.FLOAT)
                .output("rank", FieldType.INT)
                .output("ok", FieldType.BOOL)
                .output("tags", FieldType.listOf(FieldType.STR))
                .output("counts", FieldType.listOf(FieldType.INT))
                .output("extra", FieldType.dictOf(FieldType.STR, FieldType.INT))
                .output("level", FieldType.literalOf("low", "high"))
                .output("maybe", FieldType.optionalOf(FieldType.listOf(FieldType.BOOL)))
                .build();
        try (MockAdapter adapter = MockAdapter.builder().lm(LM).build()) {
            adapter.createProgram(ProgramSpec.predict(signature).withId("all"));

            Prediction prediction = adapter.execute("all", Map.of("topic", "tides", "count", 3));

            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("summary", "summary to tides");
            expected.put("rationale", "because");
            expected.put("score", 0.5);
            expected.put("rank", 1L);
            expected.put("ok", true);
            expected.put("tags", List.of("a", "b"));
            expected.put("counts", List.of(1L, 1L));
            expected.put("extra", Map.of());
            expected.put("level", "low");
            expected.put("maybe", List.of(true, true));
            assertEquals(expected, prediction.outputs());
            assertEquals(List.copyOf(expected.keySet()), List.copyOf(prediction.outputs().keySet()), "in the signature's order");
            assertEquals("mock", prediction.worker());
        }
    }

    @Test
    void theFirstInputIsQuotedAsJsonWhenItIsNoString() {
        try (MockAdapter adapter = MockAdapter.builder().lm(LM).build()) {
            adapter.createProgram(ProgramSpec.predict("numbers: list[int] -> answer").withId("sum"));

            assertEquals("answer to [1,2]", adapter.execute("sum", Map.of("numbers", List.of(1, 2))).getString("answer"));
        }
    }

    @Test
    void aScriptedProgramGetsItsOutputsAndTheRuleAnswersTheRest() {
        try (MockAdapter adapter = MockAdapter.builder()
                .lm(LM)
                .answer("triage", inputs -> Map.of("label", "urgent: " + inputs.get("ticket"), "priority", 3))
                .answer("broken", inputs -> Map.of("nonsense", 1))
                .answer("raising", inputs -> {
                    throw new PythonException("ValueError", "no", null, null, null, null);
                })
                .build()) {
            adapter.createProgram(ProgramSpec.predict("ticket -> label, priority: int, confidence: float").withId("triage"));
            adapter.createProgram(ProgramSpec.predict("ticket -> label").withId("broken"));
            adapter.createProgram(ProgramSpec.predict("ticket -> label").withId("raising"));

            assertEquals(Map.of("label", "urgent: down", "priority", 3L, "confidence", 0.5),
                    adapter.execute("triage", Map.of("ticket", "down")).outputs());
            IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> adapter.execute("broken", Map.of("ticket", "x")));
            assertEquals("the answer scripted for program 'broken' gives 'nonsense', which is not one of its outputs (label)", wrong.getMessage());
            assertThrows(PythonException.class, () -> adapter.execute("raising", Map.of("ticket", "x")));
            assertEquals(2, adapter.stats().failures());
            assertThrows(IllegalStateException.class, () -> MockAdapter.builder().answer("a", inputs -> Map.of()).answer("a", inputs -> Map.of()));
        }
    }

    @Test
    void usageIsTheWordsOfThePromptAndTheAnswerAndHistoryKeepsThem() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        try (MockAdapter adapter = MockAdapter.builder().lm(LM).clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
            adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("cot"));

            Prediction prediction = adapter.execute("cot", Map.of("question", "why so"));

            // "[[ ## question ## ]] why so" and "[[ ## reasoning ## ]] because [[ ## answer ## ]] answer to why so"
            assertEquals(Map.of("mock/model", new TokenUsage(7, 15, 22)), prediction.usage());
            assertEquals(Optional.of("because"), prediction.reasoning());
            LmExchange exchange = adapter.history(1).get(0);
            assertEquals(new LmExchange("cot", "mock/model", now, List.of(Map.of("role", "user", "content", "[[ ## question ## ]]\nwhy so")),
                    Optional.empty(), List.of("[[ ## reasoning ## ]]\nbecause\n\n[[ ## answer ## ]]\nanswer to why so"),
                    Optional.of(new TokenUsage(7, 15, 22)), OptionalDouble.empty(), "mock"), exchange);
        }
    }

    @Test
    void aStateFromAProgramOfAnotherShapeDoesNotLoad() {
        try (MockAdapter adapter = MockAdapter.builder().lm(LM).build()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("predict"));
            adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("cot"));
            adapter.createProgram(ProgramSpec.predict("question -> reply").withId("other"));
            ProgramState state = adapter.saveProgram("predict");

            InvalidRequestException kind = assertThrows(InvalidRequestException.class, () -> adapter.loadProgram("cot", state));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, kind.reason());
            assertThrows(InvalidRequestException.class, () -> adapter.loadProgram("other", state));

            ProgramState withDemos = new ProgramState(Map.of("kind", "predict", "signature", "question -> answer",
                    "demos", List.of(Map.of("question", "q", "answer", "a"))));
            adapter.loadProgram("predict", withDemos);
            assertEquals(withDemos, adapter.saveProgram("predict"), "what a loaded state holds is kept");
        }
    }

    @Test
    void runsOnlyTheKindsItSaysAndClaimsNoWorkerOrDspy() {
        try (MockAdapter adapter = MockAdapter.create()) {
            assertEquals(EnumSet.of(ModuleKind.PREDICT, ModuleKind.CHAIN_OF_THOUGHT), adapter.capabilities().moduleKinds());
            assertEquals(EnumSet.of(AdapterFeature.PERSISTENCE, AdapterFeature.HISTORY, AdapterFeature.TOKEN_USAGE),
                    adapter.capabilities().features());
            InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> adapter.createProgram(
                    ProgramSpec.react(Signature.parse("question -> answer"), List.of("tools:search"), 3)));
            assertTrue(refused.getMessage().startsWith("MockAdapter does not run react programs"), refused.getMessage());
        }
    }

    @Test
    void closingDeletesThePrograms() {
        MockAdapter adapter = MockAdapter.builder().lm(LM).build();
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
        adapter.close();
        assertEquals(List.of(), adapter.listPrograms());
        assertEquals(0, adapter.stats().programs());
    }

    @Test
    void theCatalogFindsTheMockProviderByNameWithAnLmOrWithout() {
        AdapterCatalog catalog = AdapterCatalog.load();
        assertTrue(catalog.names().contains("mock"), catalog.toString());
        try (Adapter adapter = catalog.create("mock", Map.of("lm.model", "any/model"))) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("answer to now", adapter.execute("qa", Map.of("question", "now")).getString("answer"));
        }
        try (Adapter adapter = catalog.create("mock", Map.of())) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals(InvalidRequestException.Reason.LM_NOT_CONFIGURED, assertThrows(InvalidRequestException.class,
                    () -> adapter.execute("qa", Map.of("question", "now"))).reason());
        }
        BridgeConfigurationException blank = assertThrows(BridgeConfigurationException.class, () -> catalog.create("mock", Map.of("lm.model", " ")));
        assertFalse(blank.getMessage().contains("' '"), "a property's value is never quoted: " + blank.getMessage());
        assertThrows(BridgeConfigurationException.class, () -> catalog.create("mock", Map.of("lm.modle", "x")));
    }
}
