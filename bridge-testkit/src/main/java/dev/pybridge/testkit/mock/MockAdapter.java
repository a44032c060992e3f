package dev.pybridge.testkit.mock;

import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterCapabilities;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.AdapterHealth;
import dev.pybridge.api.program.AdapterStats;
import dev.pybridge.api.program.BatchExecutionException;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.ModuleKind;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramInfo;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.program.ProgramState;
import dev.pybridge.core.program.JacksonOutputReader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * An {@link Adapter} in pure Java: programs kept in memory and answered by rule, the same answer to
 * the same inputs every time, no Python and no LM. It is the {@code mock} layer for code that
 * runs programs (see {@link MockAdapterProvider} for it by name).
 *
 * <pre>{@code
 * try (MockAdapter adapter = MockAdapter.builder()
 *         .answer("triage", inputs -> Map.of("label", "urgent"))
 *         .build()) {
 *     adapter.configureLm(LmConfig.of("any/model"));
 *     adapter.createProgram(ProgramSpec.predict("ticket -> label, confidence: float").withId("triage"));
 *     Prediction p = adapter.execute("triage", Map.of("ticket", "the site is down"));   // label "urgent", confidence 0.5
 * }
 * }</pre>
 *
 * <p>Each output is answered by its type, as the project's test LMs answer (python/tests/fake_lms.py):
 * a {@code str} is "{@code <field> to <first input>}" (the first input as it is when a string,
 * else as JSON), a float 0.5, an int 1, a bool true, {@code list[str]} ["a", "b"] and any other
 * list two of its item, a dict {}, a Literal its first value, {@code Optional[T]} as T; so a
 * record of outputs reads back through {@link Prediction#as}. A {@code chain_of_thought}
 * program's reasoning is "because". A program {@linkplain Builder#answer scripted} by id gets
 * the outputs its function gives, and the rule's for the others.
 *
 * <p>It behaves as the python adapter does where a caller can tell: an LM must be configured
 * before a program runs ({@link InvalidRequestException} {@code LM_NOT_CONFIGURED}); an unknown
 * program is {@code UNKNOWN_PROGRAM} (the message lists the programs); inputs must be exactly the
 * signature's ({@code INVALID_ARGUMENTS}) and values that cannot cross to Python are an
 * {@link IllegalArgumentException}; a failed input of a batch is a {@link BatchExecutionException}
 * holding the others' predictions; after {@link #close()} calls fail with
 * {@link BridgeClosedException}. Its usage is counted in words, as the test LMs count: the
 * prompt's (the inputs, written as DSPy's chat format writes fields) and the answer's. History
 * keeps the last 1000 exchanges, timed by the builder's clock. It runs {@code predict} and
 * {@code chain_of_thought} programs: the other kinds call Python (tools, rewards) and are refused.
 * Predictions name the worker {@value #WORKER}.
 *
 * <p>Thread-safe; executions run on the caller's thread, and {@link #executeAsync} returns a
 * completed future.
 *
 * @since 0.2
 */
public final class MockAdapter implements Adapter {

    /** The worker every prediction names. */
    public static final String WORKER = "mock";

    private static final int HISTORY_CAPACITY = 1000;
    private static final AdapterCapabilities CAPABILITIES = new AdapterCapabilities(
            EnumSet.of(ModuleKind.PREDICT, ModuleKind.CHAIN_OF_THOUGHT),
            EnumSet.of(AdapterFeature.PERSISTENCE, AdapterFeature.HISTORY, AdapterFeature.TOKEN_USAGE));

    private final Map<String, Function<Map<String, Object>, Map<String, Object>>> scripted;
    private final Clock clock;
    private final MockLedger ledger = new MockLedger(HISTORY_CAPACITY);
    private final Map<String, MockProgram> programs = new LinkedHashMap<>();
    private Optional<LmConfig> lm;
    private long names;
    private boolean closed;

    private MockAdapter(Builder builder) {
        this.scripted = Map.copyOf(builder.scripted);
        this.clock = builder.clock;
        this.lm = builder.lm;
    }

    /** An adapter with no scripted program and no LM yet. */
    public static MockAdapter create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void configureLm(LmConfig lm) {
        requireNonNull(lm, "lm is null");
        requireOpen();
        this.lm = Optional.of(lm);
    }

    @Override
    public synchronized ProgramInfo createProgram(ProgramSpec spec) {
        requireNonNull(spec, "spec is null");
        requireOpen();
        if (!CAPABILITIES.supports(spec.kind())) {
            throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS, "MockAdapter does not run "
                    + spec.kind().wireName() + " programs, which call Python: it runs predict and chain_of_thought ones; "
                    + "run this one on a real worker");
        }
        String id = spec.id().orElseGet(this::freeName);
        if (programs.containsKey(id)) {
            throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS,
                    "there is a program '" + id + "' already: delete it first, or choose another id");
        }
        MockProgram program = MockProgram.of(id, spec);
        programs.put(id, program);
        return program.info();
    }

    private String freeName() {
        String name;
        do {
            name = "program-" + ++names;
        } while (programs.containsKey(name));
        return name;
    }

    @Override
    public Prediction execute(String programId, Map<String, ?> inputs) {
        Execution execution = prepare(programId);
        return run(execution, crossing(inputs));
    }

    @Override
    public CompletableFuture<Prediction> executeAsync(String programId, Map<String, ?> inputs) {
        Execution execution = prepare(programId);
        Map<String, Object> values = crossing(inputs);
        try {
            return CompletableFuture.completedFuture(run(execution, values));
        }
        catch (BridgeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<Prediction> executeBatch(String programId, List<? extends Map<String, ?>> inputs) {
        requireNonNull(inputs, "inputs is null");
        Execution execution = prepare(programId);
        List<Map<String, Object>> values = new ArrayList<>();
        inputs.forEach(input -> values.add(crossing(input)));
        Map<Integer, Prediction> completed = new TreeMap<>();
        Map<Integer, BridgeException> failures = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                completed.put(i, run(execution, values.get(i)));
            }
            catch (BridgeException e) {
                failures.put(i, e);
            }
        }
        if (!failures.isEmpty()) {
            throw new BatchExecutionException(programId, values.size(), completed, failures);
        }
        return List.copyOf(completed.values());
    }

    /** What one execution needs, taken at once so that a concurrent change cannot split it. */
    private record Execution(MockProgram program, Optional<LmConfig> lm,
            Optional<Function<Map<String, Object>, Map<String, Object>>> script) {}

    private synchronized Execution prepare(String programId) {
        requireOpen();
        return new Execution(require(programId), lm, Optional.ofNullable(scripted.get(programId)));
    }

    private static Map<String, Object> crossing(Map<String, ?> inputs) {
        requireNonNull(inputs, "inputs is null");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) WireValues.received("inputs", inputs);
        return values;
    }

    private Prediction run(Execution execution, Map<String, Object> inputs) {
        try {
            MockExecution answer = MockExecution.answer(execution.program(), execution.lm(), execution.script(), inputs);
            ledger.succeeded(new LmExchange(execution.program().id(), answer.model(), clock.instant(),
                    List.of(Map.of("role", "user", "content", answer.prompt())), Optional.empty(), List.of(answer.text()),
                    Optional.of(answer.usage()), OptionalDouble.empty(), WORKER));
            return Prediction.of(execution.program().id(), answer.outputs(), answer.reasoning(),
                    Map.of(answer.model(), answer.usage()), WORKER, JacksonOutputReader.instance());
        }
        catch (RuntimeException e) {
            ledger.failed();
            throw e;
        }
    }

    @Override
    public synchronized List<ProgramInfo> listPrograms() {
        return programs.values().stream().map(MockProgram::info).toList();
    }

    @Override
    public synchronized Optional<ProgramInfo> getProgram(String programId) {
        requireNonNull(programId, "programId is null");
        return Optional.ofNullable(programs.get(programId)).map(MockProgram::info);
    }

    @Override
    public synchronized boolean deleteProgram(String programId) {
        requireNonNull(programId, "programId is null");
        requireOpen();
        return programs.remove(programId) != null;
    }

    @Override
    public synchronized ProgramState saveProgram(String programId) {
        requireOpen();
        return require(programId).state();
    }

    @Override
    public synchronized ProgramInfo loadProgram(String programId, ProgramState state) {
        requireNonNull(state, "state is null");
        requireOpen();
        MockProgram loaded = require(programId).load(state);
        programs.put(programId, loaded);
        return loaded.info();
    }

    @Override
    public List<LmExchange> history(int n) {
        return ledger.last(n);
    }

    @Override
    public synchronized AdapterHealth health() {
        return closed ? AdapterHealth.unhealthy("the adapter is closed") : AdapterHealth.healthy(Optional.empty());
    }

    @Override
    public synchronized AdapterStats stats() {
        return ledger.stats(programs.size());
    }

    /** {@code predict} and {@code chain_of_thought}; persistence, history and token usage. */
    @Override
    public AdapterCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** Deletes the programs and refuses later calls. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        programs.clear();
    }

    private MockProgram require(String programId) {
        requireNonNull(programId, "programId is null");
        MockProgram program = programs.get(programId);
        if (program == null) {
            throw new InvalidRequestException(InvalidRequestException.Reason.UNKNOWN_PROGRAM, "there is no program '" + programId
                    + "'" + (programs.isEmpty() ? ": create one first" : ": the programs are " + String.join(", ", programs.keySet())));
        }
        return program;
    }

    private void requireOpen() {
        if (closed) {
            throw new BridgeClosedException("this adapter is closed");
        }
    }

    @Override
    public synchronized String toString() {
        return "MockAdapter" + programs.keySet() + (closed ? " (closed)" : "");
    }

    /**
     * Collects what a {@link MockAdapter} starts with.
     *
     * @since 0.2
     */
    public static final class Builder {

        private final Map<String, Function<Map<String, Object>, Map<String, Object>>> scripted = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Optional<LmConfig> lm = Optional.empty();

        private Builder() {}

        /**
         * Answers program {@code programId} (once it is created) with the outputs {@code outputs}
         * gives for its inputs (as they come to Python: whole numbers as {@code Long}, ...). An
         * output it leaves out is answered by rule; a name that is no output of the program, or
         * a value that cannot cross from Python, is an {@link IllegalStateException} of the
         * execution; a {@link BridgeException} it throws fails the execution, as a program that
         * raises does.
         *
         * @throws IllegalStateException if {@code programId} is scripted already
         */
        public Builder answer(String programId, Function<Map<String, Object>, Map<String, Object>> outputs) {
            requireNonNull(programId, "programId is null");
            requireNonNull(outputs, "outputs is null");
            if (scripted.putIfAbsent(programId, outputs) != null) {
                throw new IllegalStateException("program '" + programId + "' is scripted already: give each program one answer");
            }
            return this;
        }

        /** An LM configured from the start, as if {@link MockAdapter#configureLm} had been called. */
        public Builder lm(LmConfig value) {
            lm = Optional.of(requireNonNull(value, "lm is null"));
            return this;
        }

        /** The clock that times the history's exchanges. Default: the system's, in UTC. */
        public Builder clock(Clock value) {
            clock = requireNonNull(value, "clock is null");
            return this;
        }

        public MockAdapter build() {
            return new MockAdapter(this);
        }
    }
}
