package dev.pybridge.api.program;

import dev.pybridge.api.error.BridgeException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs DSPy programs: the typed face of PyBridge for LLM programs.
 *
 * <pre>{@code
 * try (Adapter adapter = AdapterCatalog.load().create("python", Map.of())) {
 *     adapter.configureLm(LmConfig.builder("openai/gpt-4o-mini").apiKey(ApiKey.fromEnvironment("OPENAI_API_KEY")).build());
 *     ProgramInfo qa = adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("qa"));
 *     Prediction prediction = adapter.execute("qa", Map.of("question", "What is 6 * 7?"));
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe. Failures are {@link BridgeException}s, as for a bridge: a
 * program that raises is a {@link dev.pybridge.api.error.PythonException}; an unknown program id
 * or a bad input is an {@link dev.pybridge.api.error.InvalidRequestException}; DSPy missing from
 * the worker's Python is a {@link dev.pybridge.api.error.BridgeConfigurationException} that says
 * how to install it. {@link #capabilities()} tells what an implementation supports.
 *
 * @since 0.2
 */
public interface Adapter extends AutoCloseable {

    /**
     * Sets the LM this adapter's programs call, replacing any earlier one. Reaches every worker,
     * and every worker started later.
     */
    void configureLm(LmConfig lm);

    /**
     * Creates a program.
     *
     * @return the program, with its id (the spec's, or one the adapter chose)
     * @throws dev.pybridge.api.error.InvalidRequestException if the id is taken, or the worker refuses the spec
     */
    ProgramInfo createProgram(ProgramSpec spec);

    /** Executes program {@code programId} on {@code inputs} (one value per input of its signature) and waits. */
    Prediction execute(String programId, Map<String, ?> inputs);

    /** Executes program {@code programId} on the components of {@code inputs}, by name. */
    default Prediction execute(String programId, Record inputs) {
        return execute(programId, RecordInputs.toMap(inputs));
    }

    /**
     * Executes program {@code programId} on the components of {@code inputs} and reads its outputs
     * into an {@code outputs}: a Java caller writes no string keys (see {@link Signature#of}).
     */
    default <O extends Record> O execute(String programId, Record inputs, Class<O> outputs) {
        return execute(programId, inputs).as(outputs);
    }

    /** As {@link #execute(String, Map)}, without waiting. */
    CompletableFuture<Prediction> executeAsync(String programId, Map<String, ?> inputs);

    /**
     * Executes program {@code programId} once per element of {@code inputs}, side by side on as many
     * workers as there are, and returns the predictions in the order of the inputs.
     *
     * @throws BatchExecutionException if any input failed; it holds the others' predictions
     */
    List<Prediction> executeBatch(String programId, List<? extends Map<String, ?>> inputs);

    /** The programs this adapter holds, in the order they were created. */
    List<ProgramInfo> listPrograms();

    /** Program {@code programId}, if this adapter holds it. */
    Optional<ProgramInfo> getProgram(String programId);

    /** Deletes program {@code programId}; false if there was none. */
    boolean deleteProgram(String programId);

    /** What program {@code programId} has learned, as DSPy's JSON state. */
    ProgramState saveProgram(String programId);

    /** Loads {@code state}, saved from a program of the same signature and kind, into program {@code programId}. */
    ProgramInfo loadProgram(String programId, ProgramState state);

    /** The last {@code n} LM exchanges of this adapter's programs, oldest first. */
    List<LmExchange> history(int n);

    /** Whether programs can run now: a worker answers and DSPy imports there. Never throws for an unhealthy adapter. */
    AdapterHealth health();

    /** Counts since this adapter was created. */
    AdapterStats stats();

    /** What this implementation supports. */
    AdapterCapabilities capabilities();

    /** Deletes this adapter's programs and releases what it holds (the bridge too, if the adapter started it). */
    @Override
    void close();
}
