package dev.pybridge.core.program;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeInterruptedException;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The {@link Adapter} over a {@link PythonBridge}: DSPy programs in real Python workers, through
 * the worker's program commands (python/PROTOCOL.md).
 *
 * <ul>
 *   <li>The LM configuration is state of every worker: {@link #configureLm} reaches each worker
 *       now and each one started later.</li>
 *   <li>Programs are state of the adapter's own session, rebuilt on another worker when theirs
 *       dies. This adapter also keeps what each program was made from, so a worker that lost a
 *       program (its session expired) gets it again before the call goes on.</li>
 *   <li>A batch runs on every worker: each input carries its program's definition, which a worker
 *       builds once and keeps, so any worker can take any input.</li>
 * </ul>
 *
 * <pre>{@code
 * try (SingleProcessBridge bridge = SingleProcessBridge.start(BridgeConfig.defaults());
 *      Adapter adapter = PythonAdapter.builder(bridge).build()) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class PythonAdapter implements Adapter {

    private static final AtomicLong ADAPTERS = new AtomicLong();
    private static final int HISTORY_CAPACITY = 1000;

    private final PythonBridge bridge;
    private final int workers;
    private final Optional<Duration> timeout;
    private final boolean closesBridge;
    // The adapter's session, which holds its programs, and the scope of its LM in every worker.
    private final String id;
    private final Map<String, ProgramEntry> programs = new LinkedHashMap<>();
    private final Object programChanges = new Object();
    private final AtomicLong programNames = new AtomicLong();
    private final LmHistory history = new LmHistory(HISTORY_CAPACITY);
    private final AdapterCounters counters = new AdapterCounters();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PythonAdapter(Builder builder) {
        this.bridge = builder.bridge;
        this.workers = builder.workers;
        this.timeout = builder.timeout;
        this.closesBridge = builder.closesBridge;
        this.id = "pybridge-adapter-" + ADAPTERS.incrementAndGet();
    }

    /** A builder of an adapter over {@code bridge}. */
    public static Builder builder(PythonBridge bridge) {
        return new Builder(bridge);
    }

    /** The session that holds this adapter's programs (it also names its LM in every worker). */
    String sessionId() {
        return id;
    }

    @Override
    public void configureLm(LmConfig lm) {
        requireNonNull(lm, "lm is null");
        requireOpen();
        bridge.call(withTimeout(Call.of("configure_lm", ProgramWire.lmArgs(id, lm)).onAllWorkers()));
    }

    @Override
    public ProgramInfo createProgram(ProgramSpec spec) {
        requireNonNull(spec, "spec is null");
        requireOpen();
        synchronized (programChanges) {
            String programId = spec.id().orElseGet(this::freeName);
            if (entry(programId).isPresent()) {
                throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS,
                        "there is a program '" + programId + "' already: delete it first, or choose another id");
            }
            ProgramInfo info = ProgramWire.info(bridge.call(sessionCall("create_program",
                    ProgramEntry.createArgs(programId, spec, id)).definingSession()), spec.signature());
            put(ProgramEntry.of(spec.withId(programId), info, Optional.empty(), id));
            return info;
        }
    }

    private String freeName() {
        String name;
        do {
            name = "program-" + programNames.incrementAndGet();
        } while (entry(name).isPresent());
        return name;
    }

    @Override
    public Prediction execute(String programId, Map<String, ?> inputs) {
        return await(executeAsync(programId, inputs), "execute_program");
    }

    @Override
    public CompletableFuture<Prediction> executeAsync(String programId, Map<String, ?> inputs) {
        requireOpen();
        ProgramEntry entry = require(programId);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("program_id", programId);
        args.put("inputs", copy(inputs));
        Call call = sessionCall("execute_program", args);
        return counted(recovering(entry, () -> bridge.submit(call)).thenApply(reply -> prediction(programId, reply)));
    }

    @Override
    public List<Prediction> executeBatch(String programId, List<? extends Map<String, ?>> inputs) {
        requireNonNull(inputs, "inputs is null");
        requireOpen();
        ProgramEntry entry = require(programId);
        // A window of calls in flight, so that a batch longer than the bridge's queue does not overflow it.
        Semaphore window = new Semaphore(Math.max(2, workers * 2));
        List<CompletableFuture<Prediction>> results = new ArrayList<>(inputs.size());
        try {
            for (Map<String, ?> input : inputs) {
                window.acquire();
                CompletableFuture<Prediction> result = workers > 1
                        ? counted(bridge.submit(withTimeout(Call.of("execute_program",
                                Map.of("definition", entry.definition(), "inputs", copy(input)))))
                                .thenApply(reply -> prediction(programId, reply)))
                        : executeAsync(programId, input);
                result.whenComplete((prediction, failure) -> window.release());
                results.add(result);
            }
        }
        catch (InterruptedException e) {
            results.forEach(result -> result.cancel(true));
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted while sending a batch of program " + programId, e);
        }
        return collect(programId, results);
    }

    private static List<Prediction> collect(String programId, List<CompletableFuture<Prediction>> results) {
        Map<Integer, Prediction> completed = new TreeMap<>();
        Map<Integer, BridgeException> failures = new TreeMap<>();
        for (int i = 0; i < results.size(); i++) {
            try {
                completed.put(i, await(results.get(i), "execute_program"));
            }
            catch (BridgeInterruptedException e) {
                results.forEach(result -> result.cancel(true));
                throw e;
            }
            catch (BridgeException e) {
                failures.put(i, e);
            }
        }
        if (!failures.isEmpty()) {
            throw new BatchExecutionException(programId, results.size(), completed, failures);
        }
        return List.copyOf(completed.values());
    }

    @Override
    public List<ProgramInfo> listPrograms() {
        synchronized (programs) {
            return programs.values().stream().map(ProgramEntry::info).toList();
        }
    }

    @Override
    public Optional<ProgramInfo> getProgram(String programId) {
        return entry(programId).map(ProgramEntry::info);
    }

    @Override
    public boolean deleteProgram(String programId) {
        requireOpen();
        synchronized (programChanges) {
            if (entry(programId).isEmpty()) {
                return false;
            }
            try {
                bridge.call(sessionCall("delete_program", Map.of("program_id", programId)).definingSession());
            }
            catch (InvalidRequestException e) {
                if (e.reason() != InvalidRequestException.Reason.UNKNOWN_PROGRAM) {
                    throw e;
                }
            }
            synchronized (programs) {
                programs.remove(programId);
            }
            return true;
        }
    }

    @Override
    public ProgramState saveProgram(String programId) {
        requireOpen();
        ProgramEntry entry = require(programId);
        Object reply = await(recovering(entry, () -> bridge.submit(sessionCall("save_program", Map.of("program_id", programId)))),
                "save_program");
        return new ProgramState(ProgramWire.stringKeys(ProgramWire.map(reply, "saved program").get("state")));
    }

    @Override
    public ProgramInfo loadProgram(String programId, ProgramState state) {
        requireNonNull(state, "state is null");
        requireOpen();
        synchronized (programChanges) {
            ProgramEntry entry = require(programId);
            Call load = sessionCall("load_program", Map.of("program_id", programId, "state", state.state())).definingSession();
            ProgramInfo info = ProgramWire.info(await(recovering(entry, () -> bridge.submit(load)), "load_program"),
                    entry.spec().signature());
            put(entry.withState(state, info, id));
            return info;
        }
    }

    @Override
    public List<LmExchange> history(int n) {
        return history.last(n);
    }

    @Override
    public AdapterHealth health() {
        if (closed.get()) {
            return AdapterHealth.unhealthy("the adapter is closed");
        }
        try {
            Map<?, ?> info = ProgramWire.map(bridge.call(withTimeout(Call.of("dspy_info"))), "DSPy check");
            if (Boolean.TRUE.equals(info.get("available"))) {
                return AdapterHealth.healthy(Optional.ofNullable(info.get("version")).map(String::valueOf));
            }
            return AdapterHealth.unhealthy("DSPy does not import in the worker's Python: " + info.get("problem")
                    + "; install it there (python -m pip install dspy), then start the bridge again");
        }
        catch (BridgeException e) {
            return AdapterHealth.unhealthy("no worker answered: " + e.getMessage());
        }
    }

    @Override
    public AdapterStats stats() {
        synchronized (programs) {
            return counters.snapshot(programs.size());
        }
    }

    @Override
    public AdapterCapabilities capabilities() {
        EnumSet<AdapterFeature> features = EnumSet.of(AdapterFeature.PERSISTENCE, AdapterFeature.HISTORY,
                AdapterFeature.TOKEN_USAGE, AdapterFeature.SURVIVES_WORKER_CRASH, AdapterFeature.REAL_DSPY);
        if (workers > 1) {
            features.add(AdapterFeature.PARALLEL_BATCH);
        }
        return new AdapterCapabilities(EnumSet.allOf(ModuleKind.class), features);
    }

    /** Frees the programs in the workers, then closes the bridge if this adapter started it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (programs) {
            programs.clear();
        }
        if (closesBridge) {
            bridge.close();
            return;
        }
        try {
            bridge.call(sessionCall("session.close", Map.of()));
        }
        catch (BridgeException e) {
            // The bridge is closing, or its worker died: either way the session is gone with it.
        }
    }

    // A call on a program that its worker no longer holds gives the worker the program again, from what this adapter
    // kept, and goes once more. That happens when the bridge forgot the session (a pool's sessions expire when idle),
    // so the restoring calls do not define the session: its log stays as the bridge has it, without duplicates.
    private CompletableFuture<Object> recovering(ProgramEntry entry, Supplier<CompletableFuture<Object>> send) {
        return send.get().handle((reply, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(reply);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof InvalidRequestException refused && refused.reason() == InvalidRequestException.Reason.UNKNOWN_PROGRAM
                    && entry(entry.info().id()).isPresent()) {
                return restore(entry).thenCompose(restored -> send.get());
            }
            return CompletableFuture.<Object>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<Object> restore(ProgramEntry entry) {
        String programId = entry.info().id();
        CompletableFuture<Object> created = bridge.submit(sessionCall("create_program",
                ProgramEntry.createArgs(programId, entry.spec(), id)));
        return entry.state().map(state -> created.thenCompose(info -> bridge.submit(sessionCall("load_program",
                Map.of("program_id", programId, "state", state.state())))))
                .orElse(created);
    }

    private Prediction prediction(String programId, Object reply) {
        Map<?, ?> map = ProgramWire.map(reply, "prediction");
        String worker = String.valueOf(map.get("worker"));
        history.addAll(ProgramWire.exchanges(programId, map.get("lm_calls"), worker));
        Optional<String> reasoning = Optional.ofNullable(map.get("reasoning")).map(String::valueOf);
        return Prediction.of(programId, ProgramWire.stringKeys(map.get("outputs")), reasoning,
                ProgramWire.usage(map.get("usage")), worker, JacksonOutputReader.INSTANCE);
    }

    private CompletableFuture<Prediction> counted(CompletableFuture<Prediction> result) {
        return result.whenComplete((prediction, failure) -> {
            if (failure == null) {
                counters.succeeded(prediction.usage());
            }
            else {
                counters.failed();
            }
        });
    }

    private static <T> T await(CompletableFuture<T> result, String command) {
        try {
            return result.get();
        }
        catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted while waiting for '" + command + "'", e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("unexpected checked exception from a bridge", cause);
        }
    }

    private Call sessionCall(String command, Map<String, ?> args) {
        return withTimeout(Call.of(command, args).inSession(id));
    }

    private Call withTimeout(Call call) {
        return timeout.map(call::withTimeout).orElse(call);
    }

    private ProgramEntry require(String programId) {
        requireNonNull(programId, "programId is null");
        return entry(programId).orElseThrow(() -> new InvalidRequestException(InvalidRequestException.Reason.UNKNOWN_PROGRAM,
                "there is no program '" + programId + "'" + known()));
    }

    private String known() {
        synchronized (programs) {
            return programs.isEmpty() ? ": create one first" : ": the programs are " + String.join(", ", programs.keySet());
        }
    }

    private Optional<ProgramEntry> entry(String programId) {
        synchronized (programs) {
            return Optional.ofNullable(programs.get(programId));
        }
    }

    private void put(ProgramEntry entry) {
        synchronized (programs) {
            programs.put(entry.info().id(), entry);
        }
    }

    private static Map<String, Object> copy(Map<String, ?> inputs) {
        requireNonNull(inputs, "inputs is null");
        return new LinkedHashMap<>(inputs);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new BridgeClosedException("this adapter is closed");
        }
    }

    /** Builds a {@link PythonAdapter}. */
    public static final class Builder {

        private final PythonBridge bridge;
        private int workers = 1;
        private Optional<Duration> timeout = Optional.empty();
        private boolean closesBridge;

        private Builder(PythonBridge bridge) {
            this.bridge = requireNonNull(bridge, "bridge is null");
        }

        /** How many workers the bridge runs (a pool's size): a batch keeps them all busy. Default 1. */
        public Builder workers(int value) {
            if (value < 1 || value > 1024) {
                throw new IllegalArgumentException("workers must be between 1 and 1024: " + value);
            }
            workers = value;
            return this;
        }

        /**
         * The deadline of each program call, if not the bridge's default: LM calls take seconds,
         * and a ReAct program makes several.
         */
        public Builder timeout(Duration value) {
            requireNonNull(value, "timeout is null");
            if (value.isNegative() || value.isZero() || value.compareTo(BridgeConfig.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("timeout must be positive and at most " + BridgeConfig.MAX_DURATION.toDays()
                        + " days: " + value);
            }
            timeout = Optional.of(value);
            return this;
        }

        /** Whether closing the adapter closes the bridge (true when the adapter started it). Default false. */
        public Builder closesBridge(boolean value) {
            closesBridge = value;
            return this;
        }

        public PythonAdapter build() {
            return new PythonAdapter(this);
        }
    }
}
