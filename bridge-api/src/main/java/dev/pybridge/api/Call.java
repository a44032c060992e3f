package dev.pybridge.api;

import dev.pybridge.api.config.BridgeConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One command for a Python worker: its name, its arguments, the session whose namespace it runs
 * in (none: the worker's default namespace) and its deadline (none: the bridge's default).
 *
 * <p>The argument map is copied; the values in it are not, so do not change them until the call
 * has been {@linkplain PythonBridge#submit submitted}. Arguments are checked against
 * {@link PyValues} when the call is sent.
 *
 * <pre>{@code
 * Object answer = bridge.call(Call.eval("6 * 7").inSession("alice").withTimeout(Duration.ofSeconds(2)));
 * }</pre>
 *
 * @param command the worker command, such as {@code "eval"} or {@code "call"}
 * @param args the command's arguments, in order; values may be null
 * @param session the session id, if the call runs in a session's namespace
 * @param timeout the call's deadline measured from submission, if not the bridge's default
 * @param options what the bridge may do with the call (retry it, record it, run it everywhere)
 * @since 0.1
 */
public record Call(String command, Map<String, Object> args, Optional<String> session, Optional<Duration> timeout,
        Set<CallOption> options) {

    public Call {
        requireNonNull(command, "command is null");
        requireNonNull(args, "args is null");
        requireNonNull(session, "session is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(options, "options is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank");
        }
        args = copyOf(args);
        options = options.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(options));
        if (options.contains(CallOption.SESSION_STATE) && session.isEmpty()) {
            throw new IllegalArgumentException("a " + CallOption.SESSION_STATE + " call needs a session: call inSession(id) first");
        }
        if (options.contains(CallOption.SESSION_STATE) && options.contains(CallOption.ALL_WORKERS)) {
            throw new IllegalArgumentException("a call is either " + CallOption.SESSION_STATE + " or " + CallOption.ALL_WORKERS + ", not both");
        }
        session.ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("session id is blank");
            }
        });
        timeout.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
            if (value.compareTo(BridgeConfig.MAX_DURATION) > 0) {
                throw new IllegalArgumentException("timeout must be at most " + BridgeConfig.MAX_DURATION.toDays()
                        + " days (about 100 years), the longest span the bridge's clock can count: " + value);
            }
        });
    }

    /** A call of {@code command} with no arguments. */
    public static Call of(String command) {
        return of(command, Map.of());
    }

    /** A call of {@code command} with {@code args}. */
    public static Call of(String command, Map<String, ?> args) {
        return new Call(command, Collections.unmodifiableMap(args), Optional.empty(), Optional.empty(), Set.of());
    }

    /** {@code eval}: the value of one Python expression. */
    public static Call eval(String expression) {
        return of("eval", Map.of("code", requireNonNull(expression, "expression is null")));
    }

    /** {@code exec}: Python statements; the result is the value of a final expression statement, or null. */
    public static Call exec(String code) {
        return of("exec", Map.of("code", requireNonNull(code, "code is null")));
    }

    /**
     * {@code call}: calls {@code target} with positional arguments. {@code "package.module:attr"}
     * imports the module; a target without a colon is looked up in the session's namespace.
     */
    public static Call invoke(String target, Object... args) {
        requireNonNull(target, "target is null");
        requireNonNull(args, "args is null");
        Map<String, Object> callArgs = new LinkedHashMap<>();
        callArgs.put("target", target);
        callArgs.put("args", Collections.unmodifiableList(Arrays.asList(args.clone())));
        return of("call", callArgs);
    }

    /** {@code echo}: the worker returns {@code value} unchanged. */
    public static Call echo(Object value) {
        return of("echo", Collections.singletonMap("value", value));
    }

    /** {@code ping}: a cheap liveness check. */
    public static Call ping() {
        return of("ping");
    }

    /** This call, run in the namespace of session {@code id}. */
    public Call inSession(String id) {
        return new Call(command, args, Optional.of(requireNonNull(id, "id is null")), timeout, options);
    }

    /**
     * This call, failing with a timeout after {@code value} instead of the bridge's default.
     *
     * @throws IllegalArgumentException if {@code value} is not positive or longer than
     *     {@link BridgeConfig#MAX_DURATION}
     */
    public Call withTimeout(Duration value) {
        return new Call(command, args, session, Optional.of(requireNonNull(value, "value is null")), options);
    }

    /** This call with one more argument, or {@code name} replaced. */
    public Call withArg(String name, Object value) {
        requireNonNull(name, "name is null");
        Map<String, Object> more = new LinkedHashMap<>(args);
        more.put(name, value);
        return new Call(command, more, session, timeout, options);
    }

    /** This call with {@code option} added. */
    public Call with(CallOption option) {
        requireNonNull(option, "option is null");
        Set<CallOption> more = EnumSet.of(option);
        more.addAll(options);
        return new Call(command, args, session, timeout, more);
    }

    /** Shorthand for {@code with(CallOption.IDEMPOTENT)}. */
    public Call idempotent() {
        return with(CallOption.IDEMPOTENT);
    }

    /** Shorthand for {@code with(CallOption.SESSION_STATE)}: the call defines its session's state. */
    public Call definingSession() {
        return with(CallOption.SESSION_STATE);
    }

    /** Shorthand for {@code with(CallOption.ALL_WORKERS)}: every worker, now and later, runs it. */
    public Call onAllWorkers() {
        return with(CallOption.ALL_WORKERS);
    }

    /** Whether {@code option} is set. */
    public boolean has(CallOption option) {
        return options.contains(option);
    }

    /**
     * This call asking the worker to capture what the code prints: the result becomes
     * {@code {"value": ..., "stdout": "...", "stderr": "..."}} (for {@code eval}, {@code exec} and
     * {@code call}).
     */
    public Call capturingOutput() {
        return withArg("capture", true);
    }

    private static Map<String, Object> copyOf(Map<String, ?> args) {
        requireNonNull(args, "args is null");
        Map<String, Object> copy = new LinkedHashMap<>();
        args.forEach((name, value) -> copy.put(requireNonNull(name, "argument name is null"), value));
        return Collections.unmodifiableMap(copy);
    }
}
