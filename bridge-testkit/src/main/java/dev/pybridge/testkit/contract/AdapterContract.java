package dev.pybridge.testkit.contract;

import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.ErrorCategory;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterCapabilities;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.AdapterHealth;
import dev.pybridge.api.program.AdapterStats;
import dev.pybridge.api.program.BatchExecutionException;
import dev.pybridge.api.program.Description;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.ModuleKind;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.api.program.Signature;
import dev.pybridge.api.program.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link Adapter} promises, as JUnit 5 tests: a test class that implements this
 * interface, its factory method and {@link #lm()} runs them all against its adapter.
 *
 * <pre>{@code
 * class MyAdapterContractTest implements AdapterContract<MyAdapter> {
 *     public MyAdapter createAdapter() {
 *         return MyAdapter.start(...);
 *     }
 *     public LmConfig lm() {
 *         return LmConfig.builder("fake/answering").factory("my_test_lms:answering").build();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test makes a fresh adapter and closes it. {@link Adapter#capabilities()} says which
 * tests apply: one that does not is skipped (a JUnit assumption), so a report shows what was not
 * checked. The LM should answer by rule, as the project's test LMs do (python/tests/fake_lms.py:
 * a {@code str} output is "{@code <field> to <first input>}", a float 0.5, a bool true, a
 * {@code list[str]} ["a", "b"], a Literal its first value, the reasoning "because"); the tests
 * then check the answers themselves. With an LM that does not ({@link #answersByRule()} false),
 * they check the answers' shape only.
 *
 * @param <A> the adapter under test
 * @since 0.2
 */
public interface AdapterContract<A extends Adapter> {

    /** A fresh adapter, with no LM configured yet; the test closes it (and what it started). */
    A createAdapter();

    /** The LM the tests configure: one that answers without a network, by rule where it can. */
    LmConfig lm();

    /** Whether {@link #lm()} answers by the test LMs' rule (see the class comment). Default: true. */
    default boolean answersByRule() {
        return true;
    }

    /**
     * Inputs of the record program.
     *
     * @param question what is asked
     * @since 0.2
     */
    record Question(@Description("what the user asks") String question) {}

    /**
     * How sure an answer is.
     *
     * @since 0.2
     */
    enum Confidence { LOW, HIGH }

    /**
     * Outputs of the record program: a field of each kind a signature derives from a record.
     *
     * @param answer the answer
     * @param score a number
     * @param confidence a Literal
     * @param sources a list
     * @param verified an Optional
     * @since 0.2
     */
    record Answer(@Description("a short answer") String answer, double score, Confidence confidence, List<String> sources,
            Optional<Boolean> verified) {}

    @Test
    default void aMapGoesInAndAMapComesOut() {
        try (A adapter = configured()) {
            ProgramInfo info = adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("qa", info.id());
            assertEquals(ModuleKind.PREDICT, info.kind());
            assertEquals(List.of("question"), info.inputs());

            Prediction prediction = adapter.execute("qa", Map.of("question", "What is 6 * 7?"));

            assertEquals("qa", prediction.programId());
            assertEquals(List.of("answer"), List.copyOf(prediction.outputs().keySet()));
            assertInstanceOf(String.class, prediction.get("answer"));
            expectByRule("answer to What is 6 * 7?", prediction.getString("answer"));
            assertTrue(prediction.reasoning().isEmpty(), "predict does not reason: " + prediction);
            assertFalse(prediction.worker().isBlank(), "the prediction names its worker");
            assertThrows(IllegalArgumentException.class, () -> prediction.get("no_such_output"));
        }
    }

    @Test
    default void aRecordGoesInAndARecordComesOut() {
        Signature signature = Signature.of(Question.class, Answer.class);
        try (A adapter = configured()) {
            ProgramInfo info = adapter.createProgram(ProgramSpec.predict(signature).withId("typed"));
            assertEquals(signature.text(), info.signature());
            assertEquals(List.of("question"), info.inputs());

            Answer answer = adapter.execute("typed", new Question("What is 6 * 7?"), Answer.class);

            if (answersByRule()) {
                assertEquals(new Answer("answer to What is 6 * 7?", 0.5, Confidence.LOW, List.of("a", "b"), Optional.of(true)), answer);
            }
        }
    }

    @Test
    default void aChainOfThoughtGivesItsReasoningBesideItsOutputs() {
        try (A adapter = configured()) {
            assumeTrue(adapter.capabilities().supports(ModuleKind.CHAIN_OF_THOUGHT), "the adapter runs no chain_of_thought");
            adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("cot"));

            Prediction prediction = adapter.execute("cot", Map.of("question", "Why?"));

            assertTrue(prediction.reasoning().isPresent(), "a chain of thought reasons: " + prediction);
            expectByRule("because", prediction.reasoning().orElseThrow());
            assertEquals(List.of("answer"), List.copyOf(prediction.outputs().keySet()), "the reasoning is not an output");
            expectByRule("answer to Why?", prediction.getString("answer"));
        }
    }

    @Test
    default void executeAsyncCompletesWithThePrediction() throws Exception {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            CompletableFuture<Prediction> result = adapter.executeAsync("qa", Map.of("question", "later"));

            expectByRule("answer to later", result.get(Patience.CALL.toSeconds(), TimeUnit.SECONDS).getString("answer"));
        }
    }

    @Test
    default void aBatchComesBackInTheOrderOfItsInputs() {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            List<Prediction> batch = adapter.executeBatch("qa", questions(6));

            assertEquals(6, batch.size());
            if (answersByRule()) {
                assertEquals(IntStream.range(0, 6).mapToObj(i -> "answer to q" + i).toList(),
                        batch.stream().map(prediction -> prediction.getString("answer")).toList());
            }
            assertEquals(List.of(), adapter.executeBatch("qa", List.of()), "an empty batch has no predictions");
        }
    }

    @Test
    default void aBatchWithAFailedInputKeepsTheOthersPredictions() {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            List<Map<String, String>> inputs = List.of(Map.of("question", "q0"), Map.of("not_an_input", "q1"), Map.of("question", "q2"));

            BatchExecutionException failed = assertThrows(BatchExecutionException.class, () -> adapter.executeBatch("qa", inputs));

            assertEquals(List.of(1), List.copyOf(failed.failures().keySet()));
            InvalidRequestException refused = assertInstanceOf(InvalidRequestException.class, failed.failures().get(1));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, refused.reason());
            assertEquals(ErrorCategory.INVALID_REQUEST, failed.category());
            assertEquals(List.of(0, 2), List.copyOf(failed.completed().keySet()));
            expectByRule("answer to q2", failed.completed().get(2).getString("answer"));
        }
    }

    @Test
    default void inputsMustBeTheSignatures() {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> adapter.execute("qa", Map.of("questoin", "typo")));

            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, refused.reason());
            assertTrue(refused.getMessage().contains("questoin") && refused.getMessage().contains("question"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> adapter.execute("qa", Map.of("question", new Object())),
                    "a value that cannot cross to Python is the caller's mistake");
        }
    }

    @Test
    default void programsAreListedFoundAndDeleted() {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("first"));
            String named = adapter.createProgram(ProgramSpec.predict("question -> answer")).id();
            assertFalse(named.isBlank(), "the adapter names a program created without an id");
            assertEquals(List.of("first", named), adapter.listPrograms().stream().map(ProgramInfo::id).toList());
            assertEquals(Optional.of(ModuleKind.PREDICT), adapter.getProgram("first").map(ProgramInfo::kind));

            InvalidRequestException taken = assertThrows(InvalidRequestException.class,
                    () -> adapter.createProgram(ProgramSpec.predict("question -> answer").withId("first")));
            assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, taken.reason());

            assertTrue(adapter.deleteProgram("first"));
            assertFalse(adapter.deleteProgram("first"), "deleted already");
            assertEquals(Optional.empty(), adapter.getProgram("first"));
            assertEquals(List.of(named), adapter.listPrograms().stream().map(ProgramInfo::id).toList());
            assertEquals(1, adapter.stats().programs());
        }
    }

    @Test
    default void aSavedStateLoadsIntoAProgramOfTheSameShape() {
        try (A adapter = configured()) {
            assumeTrue(adapter.capabilities().has(AdapterFeature.PERSISTENCE), "the adapter does not save programs");
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("first"));
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("second"));

            ProgramState state = adapter.saveProgram("first");
            ProgramInfo loaded = adapter.loadProgram("second", state);

            assertEquals("second", loaded.id());
            assertEquals(state, adapter.saveProgram("second"));
            expectByRule("answer to after loading", adapter.execute("second", Map.of("question", "after loading")).getString("answer"));
        }
    }

    @Test
    default void historyHoldsTheLastExchangesOldestFirst() {
        try (A adapter = configured()) {
            assumeTrue(adapter.capabilities().has(AdapterFeature.HISTORY), "the adapter keeps no history");
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            adapter.execute("qa", Map.of("question", "one"));
            adapter.execute("qa", Map.of("question", "two"));

            List<LmExchange> history = adapter.history(100);

            assertTrue(history.size() >= 2, "two executions, two exchanges at least: " + history);
            LmExchange last = history.get(history.size() - 1);
            assertEquals("qa", last.programId());
            assertEquals(lm().model(), last.model());
            assertFalse(last.outputs().isEmpty(), "the exchange holds what came back");
            assertEquals(List.of(last), adapter.history(1));
            assertEquals(List.of(), adapter.history(0));
            assertFalse(history.get(history.size() - 2).timestamp().isAfter(last.timestamp()), "oldest first");
            assertThrows(IllegalArgumentException.class, () -> adapter.history(-1));
        }
    }

    @Test
    default void usageIsCountedByModel() {
        try (A adapter = configured()) {
            assumeTrue(adapter.capabilities().has(AdapterFeature.TOKEN_USAGE), "the adapter counts no tokens");
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            TokenUsage first = adapter.execute("qa", Map.of("question", "one")).usage().get(lm().model());
            TokenUsage second = adapter.execute("qa", Map.of("question", "two")).usage().get(lm().model());

            assertTrue(first != null && first.totalTokens() > 0, "usage of " + lm().model() + ": " + first);
            assertTrue(second != null && second.totalTokens() > 0, "usage of " + lm().model() + ": " + second);
            assertEquals(first.plus(second), adapter.stats().tokensByModel().get(lm().model()));
        }
    }

    @Test
    default void statsCountProgramsExecutionsAndFailures() {
        try (A adapter = configured()) {
            assertEquals(new AdapterStats(0, 0, 0, Map.of()), adapter.stats());
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("other"));

            adapter.execute("qa", Map.of("question", "one"));
            adapter.executeBatch("qa", questions(2));
            assertThrows(InvalidRequestException.class, () -> adapter.execute("qa", Map.of("not_an_input", "x")));

            AdapterStats stats = adapter.stats();
            assertEquals(2, stats.programs());
            assertEquals(3, stats.executions(), "each input of a batch counts: " + stats);
            assertEquals(1, stats.failures(), stats.toString());
        }
    }

    @Test
    default void aHealthyAdapterIsHealthyUntilItIsClosed() {
        A adapter = createAdapter();
        try {
            AdapterHealth health = adapter.health();
            assertTrue(health.healthy(), "a fresh adapter is healthy: " + health);
        }
        finally {
            adapter.close();
        }
        AdapterHealth closed = adapter.health();
        assertFalse(closed.healthy(), "a closed adapter is not healthy");
        assertTrue(closed.problem().isPresent());
    }

    @Test
    default void capabilitiesAreWhatTheAdapterDoes() {
        try (A adapter = configured()) {
            AdapterCapabilities capabilities = adapter.capabilities();
            assertEquals(capabilities, adapter.capabilities(), "capabilities do not change");
            assertTrue(capabilities.supports(ModuleKind.PREDICT), "every adapter runs predict: " + capabilities);
            for (ModuleKind kind : ModuleKind.values()) {
                if (!capabilities.supports(kind)) {
                    InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                            () -> adapter.createProgram(specOf(kind)), kind + " is not supported, so it is refused");
                    assertEquals(InvalidRequestException.Reason.INVALID_ARGUMENTS, refused.reason());
                }
            }
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            Prediction prediction = adapter.execute("qa", Map.of("question", "one"));
            if (!capabilities.has(AdapterFeature.TOKEN_USAGE)) {
                assertEquals(Map.of(), prediction.usage(), "no usage without TOKEN_USAGE");
            }
            if (!capabilities.has(AdapterFeature.HISTORY)) {
                assertEquals(List.of(), adapter.history(10), "no history without HISTORY");
            }
        }
    }

    private static ProgramSpec specOf(ModuleKind kind) {
        Signature signature = Signature.parse("question -> answer");
        return switch (kind) {
            case PREDICT -> ProgramSpec.predict(signature);
            case CHAIN_OF_THOUGHT -> ProgramSpec.chainOfThought(signature);
            case REACT -> ProgramSpec.react(signature, List.of("contract_tools:search"), 3);
            case MULTI_CHAIN_COMPARISON -> ProgramSpec.multiChainComparison(signature, 2);
            case BEST_OF_N -> ProgramSpec.bestOfN(signature, "contract_rewards:score", 2, 1.0);
            case REFINE -> ProgramSpec.refine(signature, "contract_rewards:score", 2, 1.0);
        };
    }

    @Test
    default void executingBeforeAnLmIsConfiguredIsRefused() {
        try (A adapter = createAdapter()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> adapter.execute("qa", Map.of("question", "too soon")));

            assertEquals(InvalidRequestException.Reason.LM_NOT_CONFIGURED, refused.reason());
            adapter.configureLm(lm());
            expectByRule("answer to in time", adapter.execute("qa", Map.of("question", "in time")).getString("answer"));
        }
    }

    @Test
    default void anUnknownProgramIsRefusedListingThePrograms() {
        try (A adapter = configured()) {
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("known"));

            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> adapter.execute("unknown", Map.of("question", "?")));

            assertEquals(InvalidRequestException.Reason.UNKNOWN_PROGRAM, refused.reason());
            assertTrue(refused.getMessage().contains("unknown") && refused.getMessage().contains("known"), refused.getMessage());
            assertAll(
                    () -> assertUnknownProgram(() -> adapter.executeAsync("unknown", Map.of("question", "?")).join()),
                    () -> assertUnknownProgram(() -> adapter.executeBatch("unknown", questions(1))),
                    () -> assertUnknownProgram(() -> adapter.saveProgram("unknown")));
        }
    }

    private static void assertUnknownProgram(Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
        assertEquals(InvalidRequestException.Reason.UNKNOWN_PROGRAM, assertInstanceOf(InvalidRequestException.class, cause).reason());
    }

    @Test
    default void closeIsIdempotentAndRefusesLaterCalls() {
        A adapter = configured();
        adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
        ProgramState state = adapter.capabilities().has(AdapterFeature.PERSISTENCE) ? adapter.saveProgram("qa") : new ProgramState(Map.of());
        adapter.close();
        adapter.close();
        Map<String, String> input = Map.of("question", "too late");
        assertAll(
                () -> assertClosed(() -> adapter.configureLm(lm())),
                () -> assertClosed(() -> adapter.createProgram(ProgramSpec.predict("question -> answer").withId("later"))),
                () -> assertClosed(() -> adapter.execute("qa", input)),
                () -> assertClosed(() -> adapter.executeAsync("qa", input).join()),
                () -> assertClosed(() -> adapter.executeBatch("qa", List.of(input))),
                () -> assertClosed(() -> adapter.deleteProgram("qa")),
                () -> assertClosed(() -> adapter.saveProgram("qa")),
                () -> assertClosed(() -> adapter.loadProgram("qa", state)));
    }

    private static void assertClosed(Executable call) {
        Throwable thrown = assertThrows(Throwable.class, call);
        Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
        assertInstanceOf(BridgeClosedException.class, cause, "after close");
        assertEquals(ErrorCategory.CLOSED, ((BridgeException) cause).category());
    }

    private A configured() {
        A adapter = createAdapter();
        try {
            adapter.configureLm(lm());
            return adapter;
        }
        catch (RuntimeException | Error e) {
            adapter.close();
            throw e;
        }
    }

    private void expectByRule(String expected, String actual) {
        if (answersByRule()) {
            assertEquals(expected, actual);
        }
    }

    private static List<Map<String, String>> questions(int n) {
        return IntStream.range(0, n).mapToObj(i -> Map.of("question", "q" + i)).toList();
    }
}
