package dev.pybridge.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
 * @since 0.1
 */
public record Call(String command, Map<String, Object> args, Optional<String> session, Optional<Duration> timeout) {

    public Call {
        requireNonNull(command, "command is null");
        requireNonNull(args, "args is null");
        requireNonNull(session, "session is null");
        requireNonNull(timeout, "timeout is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank");
        }
        args = copyOf(args);
        session.ifPresent(id -> {
            if (id.isBlank()) {
                throw new IllegalArgumentException("session id is blank");
            }
        });
        timeout.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + value);
            }
        });
    }

    /** A call of {@code command} with no arguments. */
    public static Call of(String command) {
        return of(command, Map.of());
    }

    /** A call of {@code command} with {@code args}. */
    public static Call of(String command, Map<String, ?> args) {
        return new Call(command, Collections.unmodifiableMap(args), Optional.empty(), Optional.empty());
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
        return new Call(command, args, Optional.of(requireNonNull(id, "id is null")), timeout);
    }

    /** This call, failing with a timeout after {@code value} instead of the bridge's default. */
    public Call withTimeout(Duration value) {
        return new Call(command, args, session, Optional.of(requireNonNull(value, "value is null")));
    }

    /** This call with one more argument, or {@code name} replaced. */
    public Call withArg(String name, Object value) {
        requireNonNull(name, "name is null");
        Map<String, Object> more = new LinkedHashMap<>(args);
        more.put(name, value);
        return new Call(command, more, session, timeout);
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
