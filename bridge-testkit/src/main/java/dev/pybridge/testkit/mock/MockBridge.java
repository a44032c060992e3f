package dev.pybridge.testkit.mock;

import dev.pybridge.api.Call;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.InvalidRequestException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A {@link PythonBridge} in pure Java that answers from a script: no process, no wire, the same
 * answer to the same call every time. It is the {@code mock} layer: for code whose own logic is
 * under test, not its Python.
 *
 * <pre>{@code
 * MockBridge python = MockBridge.builder()
 *         .answer("eval", call -> 42)
 *         .failing("exec", () -> new PythonException("ValueError", "no", null, null, null, null))
 *         .build();
 * assertEquals(42L, python.eval("6 * 7"));
 * assertEquals(List.of(Call.eval("6 * 7")), python.calls());
 * }</pre>
 *
 * <p>It behaves as a real bridge does where a test can tell: arguments are checked against
 * {@link PyValues} ({@link IllegalArgumentException} naming the offending one); results come back
 * as from Python (an {@code Integer} answer is a {@code Long}, a list is unmodifiable); a command
 * it has no answer for fails with {@link InvalidRequestException} ({@code UNKNOWN_COMMAND}), as a
 * worker refuses one; after {@link #close()} every call fails with {@link BridgeClosedException}.
 * Without a script it answers {@code echo} (its {@code value}) and {@code ping}
 * ({@code {"pong": true, "pid": 0, "uptime_s": 0.0}}; there is no process).
 *
 * <p>Deadlines: a scripted answer is computed on the caller's thread while the call is submitted,
 * so its future is complete before {@link #submit} returns and no deadline can pass. A
 * {@linkplain Builder#hanging hanging} command never answers: its call fails with
 * {@link BridgeTimeoutException} at its deadline (its own, else the bridge's
 * {@linkplain Builder#callTimeout call timeout}), or with {@link BridgeClosedException} when the
 * bridge is closed first; a caller interrupted while it waits gets the
 * {@link dev.pybridge.api.error.BridgeInterruptedException} that {@link PythonBridge#call(Call)}
 * promises. The deadline is kept by the JDK's shared {@link CompletableFuture#delayedExecutor}
 * thread; the bridge starts none of its own.
 *
 * <p>Thread-safe; the answers may be called from several threads at once. It records the calls it
 * accepted, in order, for a test's assertions ({@link #calls()}).
 *
 * @since 0.2
 */
public final class MockBridge implements PythonBridge {

    private final Map<String, Function<Call, Object>> answers;
    private final Set<String> hanging;
    private final Duration callTimeout;
    private final List<Call> received = Collections.synchronizedList(new ArrayList<>());
    private final Set<CompletableFuture<Object>> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MockBridge(Builder builder) {
        this.answers = Map.copyOf(builder.answers);
        this.hanging = Set.copyOf(builder.hanging);
        this.callTimeout = builder.callTimeout;
    }

    /** A bridge that answers {@code echo} and {@code ping} only. */
    public static MockBridge create() {
        return builder().build();
    }

    /** A builder whose script holds {@code echo} and {@code ping} until it replaces them. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers {@code call} from the script.
     *
     * @throws IllegalArgumentException if an argument cannot cross to Python (see {@link PyValues})
     */
    @Override
    public CompletableFuture<Object> submit(Call call) {
        requireNonNull(call, "call is null");
        PyValues.requireSupported("args", call.args());
        if (closed.get()) {
            return CompletableFuture.failedFuture(new BridgeClosedException("this MockBridge is closed; '" + call.command()
                    + "' was not run"));
        }
        received.add(call);
        if (hanging.contains(call.command())) {
            return hang(call);
        }
        Function<Call, Object> answer = answers.get(call.command());
        if (answer == null) {
            return CompletableFuture.failedFuture(unknown(call.command()));
        }
        return answer(call, answer);
    }

    private CompletableFuture<Object> answer(Call call, Function<Call, Object> answer) {
        Object result;
        try {
            result = answer.apply(call);
        }
        catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            return CompletableFuture.completedFuture(WireValues.received("result", result));
        }
        catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the answer scripted for '" + call.command()
                    + "' returned what a worker could not send back: " + e.getMessage(), e));
        }
    }

    private CompletableFuture<Object> hang(Call call) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        waiting.add(result);
        result.whenComplete((value, failure) -> waiting.remove(result));
        Duration deadline = call.timeout().orElse(callTimeout);
        CompletableFuture.delayedExecutor(deadline.toNanos(), TimeUnit.NANOSECONDS, Runnable::run)
                .execute(() -> result.completeExceptionally(new BridgeTimeoutException("'" + call.command()
                        + "' passed its deadline of " + deadline + ": this MockBridge was scripted never to answer it", deadline)));
        if (closed.get()) {
            // close() ran between the check in submit and the registration above: it did not see this call.
            result.completeExceptionally(closedWhileWaiting(call.command()));
        }
        return result;
    }

    private InvalidRequestException unknown(String command) {
        Set<String> known = new TreeSet<>(answers.keySet());
        known.addAll(hanging);
        return new InvalidRequestException(InvalidRequestException.Reason.UNKNOWN_COMMAND, "this MockBridge has no answer for '"
                + command + "' (it answers " + String.join(", ", known) + "): script one with MockBridge.builder().answer(\""
                + command + "\", call -> ...)");
    }

    private static BridgeClosedException closedWhileWaiting(String command) {
        return new BridgeClosedException("this MockBridge was closed while '" + command + "' waited for its answer");
    }

    /** The calls this bridge accepted, in the order they came; a snapshot. */
    public List<Call> calls() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The calls of {@code command} this bridge accepted, in the order they came; a snapshot. */
    public List<Call> calls(String command) {
        requireNonNull(command, "command is null");
        return calls().stream().filter(call -> call.command().equals(command)).toList();
    }

    /** Refuses later calls and fails the calls still waiting on a hanging command. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (CompletableFuture<Object> call : List.copyOf(waiting)) {
                call.completeExceptionally(new BridgeClosedException("this MockBridge was closed while a call waited for its answer"));
            }
        }
    }

    @Override
    public String toString() {
        return "MockBridge" + new TreeSet<>(answers.keySet()) + (closed.get() ? " (closed)" : "");
    }

    /**
     * Collects the script of a {@link MockBridge}. Each command is scripted once; {@code echo} and
     * {@code ping} have answers until the script gives them others.
     *
     * @since 0.2
     */
    public static final class Builder {

        private final Map<String, Function<Call, Object>> answers = new LinkedHashMap<>();
        private final Set<String> scripted = new TreeSet<>();
        private final Set<String> hanging = new TreeSet<>();
        private Duration callTimeout = BridgeConfig.builder().build().callTimeout();

        private Builder() {
            answers.put("echo", Builder::echo);
            answers.put("ping", call -> Map.of("pong", true, "pid", 0, "uptime_s", 0.0));
        }

        /**
         * Answers {@code command} with what {@code answer} returns for the call: a value that can
         * cross from Python (see {@link PyValues}); a {@link BridgeException} it throws fails the call.
         *
         * @throws IllegalStateException if {@code command} is scripted already
         */
        public Builder answer(String command, Function<Call, Object> answer) {
            requireNonNull(answer, "answer is null");
            answers.put(script(command), answer);
            return this;
        }

        /**
         * Fails every call of {@code command} with a fresh exception from {@code failure}.
         *
         * @throws IllegalStateException if {@code command} is scripted already
         */
        public Builder failing(String command, Supplier<? extends BridgeException> failure) {
            requireNonNull(failure, "failure is null");
            String name = script(command);
            answers.put(name, call -> {
                throw requireNonNull(failure.get(), () -> "the failure scripted for '" + name + "' supplied null");
            });
            return this;
        }

        /**
         * Never answers {@code command}: its call fails with {@link BridgeTimeoutException} at its
         * deadline, so that a suite can test how it copes with a call that takes too long.
         *
         * @throws IllegalStateException if {@code command} is scripted already
         */
        public Builder hanging(String command) {
            String name = script(command);
            answers.remove(name);
            hanging.add(name);
            return this;
        }

        /** The deadline of a call that sets none (only a hanging command waits for it). Default: {@link BridgeConfig}'s. */
        public Builder callTimeout(Duration value) {
            requireNonNull(value, "callTimeout is null");
            if (value.isNegative() || value.isZero() || value.compareTo(BridgeConfig.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("callTimeout must be positive and at most " + BridgeConfig.MAX_DURATION.toDays()
                        + " days: " + value);
            }
            callTimeout = value;
            return this;
        }

        public MockBridge build() {
            return new MockBridge(this);
        }

        private String script(String command) {
            requireNonNull(command, "command is null");
            if (command.isBlank()) {
                throw new IllegalArgumentException("command is blank: name a command such as \"eval\"");
            }
            if (!scripted.add(command)) {
                throw new IllegalStateException("'" + command + "' is scripted already: give each command one answer");
            }
            return command;
        }

        private static Object echo(Call call) {
            if (!call.args().keySet().equals(Set.of("value"))) {
                throw new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS,
                        "echo takes one argument, 'value'; it got " + call.args().keySet());
            }
            return call.args().get("value");
        }
    }
}
