package dev.pybridge.testkit;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A misbehaviour a fixture's workers are given, so that a suite can test how its code copes: on
 * the {@code python} layer real Python workers misbehave for real (a real {@code kill -9}, a real
 * hang), on the {@code bridge-mock} layer the in-JVM fake worker does the same over the real wire
 * protocol. Each says which failure a caller then sees.
 *
 * @since 0.2
 */
public sealed interface Fault {

    /**
     * The worker dies by SIGKILL when it receives {@code command}: the call fails with
     * {@link dev.pybridge.api.error.WorkerCrashedException}; the next call runs on a new worker.
     */
    record CrashOnCommand(String command) implements Fault {
        public CrashOnCommand {
            requireCommand(command);
        }
    }

    /**
     * Each worker dies by SIGKILL when it receives its call number {@code calls + 1}: the first
     * {@code calls} calls succeed, that one fails with {@link dev.pybridge.api.error.WorkerCrashedException}.
     */
    record CrashAfterCalls(int calls) implements Fault {
        public CrashAfterCalls {
            if (calls < 0) {
                throw new IllegalArgumentException("calls must not be negative: " + calls);
            }
        }
    }

    /**
     * Each worker dies by SIGKILL just after it became ready (a crash loop): the bridge's restart
     * policy opens its circuit, and calls fail with {@link dev.pybridge.api.error.CircuitOpenException}
     * (before it opens: {@link dev.pybridge.api.error.WorkerCrashedException}, or
     * {@link dev.pybridge.api.error.WorkerStartupException} for a worker that died before its
     * start was complete, which also fails an eager start, so the fixture cannot be built).
     */
    record CrashAfterReady() implements Fault {}

    /**
     * The worker stops answering, for good, when it receives {@code command} (it keeps running):
     * the call fails with {@link dev.pybridge.api.error.BridgeTimeoutException} at its deadline and
     * the worker is replaced.
     */
    record HangOnCommand(String command) implements Fault {
        public HangOnCommand {
            requireCommand(command);
        }
    }

    /**
     * The worker writes bytes that are not a frame to its stdout when it receives {@code command}:
     * the call fails with {@link dev.pybridge.api.error.ProtocolException} and the worker is replaced.
     */
    record GarbageOnCommand(String command) implements Fault {
        public GarbageOnCommand {
            requireCommand(command);
        }
    }

    /**
     * Every worker exits with status 1 during start-up, after writing a line to stderr: starting
     * fails with {@link dev.pybridge.api.error.BridgeConfigurationException} (a worker that exits
     * before it is ready points at the setup) quoting that line, so an eager bridge, or the fixture,
     * cannot be built.
     */
    record DieDuringStartup() implements Fault {}

    /**
     * The worker writes {@code lines} lines to stderr on every call: calls still succeed, and the
     * bridge keeps only a bounded tail of them.
     */
    record FloodStderr(int lines) implements Fault {
        public FloodStderr {
            if (lines < 1) {
                throw new IllegalArgumentException("lines must be positive: " + lines);
            }
        }
    }

    /**
     * The worker takes {@code delay} longer to answer each call: a call whose deadline is shorter
     * fails with {@link dev.pybridge.api.error.BridgeTimeoutException}.
     */
    record SlowAnswers(Duration delay) implements Fault {
        public SlowAnswers {
            requireNonNull(delay, "delay is null");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("delay must be positive: " + delay);
            }
        }
    }

    /**
     * When it receives {@code command}, the worker forks a child that lives on (holding the
     * worker's pipes) and then dies by SIGKILL: the call fails with
     * {@link dev.pybridge.api.error.WorkerCrashedException} all the same, and the child ends with
     * the worker's process group. On the bridge-mock layer there is no process to fork: the fake
     * worker keeps its streams open after it died.
     */
    record ForkChildAndDie(String command) implements Fault {
        public ForkChildAndDie {
            requireCommand(command);
        }
    }

    static Fault crashOn(String command) {
        return new CrashOnCommand(command);
    }

    static Fault crashAfter(int calls) {
        return new CrashAfterCalls(calls);
    }

    static Fault crashAfterReady() {
        return new CrashAfterReady();
    }

    static Fault hangOn(String command) {
        return new HangOnCommand(command);
    }

    static Fault garbageOn(String command) {
        return new GarbageOnCommand(command);
    }

    static Fault dieDuringStartup() {
        return new DieDuringStartup();
    }

    static Fault floodStderr(int lines) {
        return new FloodStderr(lines);
    }

    static Fault slowAnswers(Duration delay) {
        return new SlowAnswers(delay);
    }

    static Fault forkChildAndDie(String command) {
        return new ForkChildAndDie(command);
    }

    private static void requireCommand(String command) {
        requireNonNull(command, "command is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank: name a worker command such as \"eval\"");
        }
    }
}
