package dev.pybridge.testkit.fake;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.testkit.Fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The {@code bridge-mock} layer: launches fake workers inside the JVM that speak the real wire
 * protocol (python/PROTOCOL.md) over in-memory pipes, so that the real codec, engine and pool run
 * without Python, fast and deterministically. Give it to a bridge where a launcher goes:
 *
 * <pre>{@code
 * try (SingleProcessBridge bridge = new SingleProcessBridge(BridgeConfig.defaults(), FakeWorkerLauncher.create())) {
 *     bridge.eval("6 * 7");                                   // 42L
 * }
 * }</pre>
 *
 * <p>A fake worker is no process: its {@link WorkerProcess#pid()} is -1 and nothing signals it.
 * Its threads (named {@code bridge-mock-<worker id>-...}) are its life: {@link WorkerProcess#kill()}
 * (the bridge's SIGKILL) ends them and closes its pipes, and its exit ({@link WorkerProcess#onExit()},
 * 137 after a kill) completes once its last thread has ended, so a closed bridge leaves none behind. It writes a ready frame (pid
 * -1, Python "3.12.0", the commands it serves), then answers:
 *
 * <ul>
 *   <li>{@code ping}, {@code stats} (no memory: {@code rss_bytes} 0), {@code cancel},
 *       {@code session.close}, {@code shutdown} (it answers, then exits 0), and {@code echo}, which
 *       returns any value exactly, tagged ones included (big integers, NaN and infinities, bytes,
 *       maps that hold the tag key).</li>
 *   <li>{@code eval} of a Python literal ({@code None}, {@code True}, numbers, quoted strings,
 *       lists) or of integer arithmetic ({@code + - * // % **}, parentheses) over literals and names
 *       the session bound returns its value ({@code 1 // 0} fails with {@code ZeroDivisionError});
 *       of anything else, the code itself. {@code exec} binds {@code name = expression} lines in
 *       the request's session (an expression it cannot evaluate binds its text) and returns the
 *       value of a final expression, else null. {@code call} of any target returns its
 *       {@code args} list. With {@code capture}, the value comes wrapped with empty output.</li>
 *   <li>The program commands, as if DSPy were installed and every LM were the tests' answering
 *       LM ({@code python/tests/fake_lms.py}): each output field is answered by its type, a
 *       {@code str} one as {@code "<field> to <first input>"}; every kind but {@code predict}
 *       reasons {@code "because"}. Programs belong to the request's session and LMs to the worker
 *       by scope, with the real worker's errors ({@code UnknownProgram}, {@code LmNotConfigured},
 *       {@code InvalidArguments}), so that {@link dev.pybridge.core.program.PythonAdapter} runs on it.</li>
 * </ul>
 *
 * <p>{@link #answering} scripts a command's answer. {@link #withFaults} gives every worker it
 * launches the {@link Fault}s, each producing the failure its documentation promises; the faults
 * that count or slow calls leave alone the requests a bridge sends on its own ({@code ping},
 * {@code stats}, {@code cancel}, {@code shutdown}, {@code session.close}). With the bridge's
 * {@code workerThreads} above 1, a worker runs that many requests at once. It loads no extension
 * modules: a bridge configured with some fails to start, as a worker that cannot import them does.
 *
 * <p>A launcher is immutable but for its count of the workers it launched, and may serve several
 * bridges at once.
 *
 * @since 0.2
 */
public final class FakeWorkerLauncher implements WorkerLauncher {

    private static final Set<String> OWN_COMMANDS = Set.of("cancel", "shutdown");

    private final FaultPlan faults;
    private final Map<String, Function<Map<String, Object>, Object>> answers;
    private final AtomicInteger launched = new AtomicInteger();
    private final Set<WorkerProcess> running = ConcurrentHashMap.newKeySet();

    private FakeWorkerLauncher(List<Fault> faults, Map<String, Function<Map<String, Object>, Object>> answers) {
        this.faults = new FaultPlan(faults);
        this.answers = Map.copyOf(answers);
    }

    /** A launcher of well-behaved fake workers. */
    public static FakeWorkerLauncher create() {
        return new FakeWorkerLauncher(List.of(), Map.of());
    }

    /** A launcher whose every worker misbehaves as {@code faults} say (in this order, when several apply to a request). */
    public static FakeWorkerLauncher withFaults(List<Fault> faults) {
        requireNonNull(faults, "faults is null");
        faults.forEach(fault -> requireNonNull(fault, "faults holds null"));
        return new FakeWorkerLauncher(faults, Map.of());
    }

    /**
     * A launcher like this one whose workers answer {@code command} with what {@code answer}
     * returns for the request's arguments (a value the wire can carry: null, Boolean, a number,
     * String, byte[], a List or a Map with String keys; anything else is answered as an
     * {@code UnsupportedValue} error). An exception it throws is answered as an error whose type
     * is the exception's simple class name and whose message is its message, as Python names a
     * user's exception: throw a {@code class ValueError extends RuntimeException} to see a
     * {@link dev.pybridge.api.error.PythonException} of type {@code ValueError}. It may replace a
     * built-in command, but not {@code cancel} or {@code shutdown}, which steer the worker itself.
     * An answer runs on a thread of the worker: one that blocks without heeding an interrupt keeps
     * its worker from exiting when the bridge kills it. This launcher is left as it was.
     *
     * @throws IllegalArgumentException if {@code command} is blank, {@code cancel} or {@code shutdown}
     */
    public FakeWorkerLauncher answering(String command, Function<Map<String, Object>, Object> answer) {
        requireNonNull(command, "command is null");
        requireNonNull(answer, "answer is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank: name the worker command to answer, such as \"eval\"");
        }
        if (OWN_COMMANDS.contains(command)) {
            throw new IllegalArgumentException("'" + command + "' steers the fake worker itself and cannot be answered by a test;"
                    + " use Fault.hangOn or Fault.crashOn to make it misbehave");
        }
        Map<String, Function<Map<String, Object>, Object>> more = new LinkedHashMap<>(answers);
        more.put(command, answer);
        return new FakeWorkerLauncher(faults.faults(), more);
    }

    /** The faults every worker of this launcher is given. */
    public List<Fault> faults() {
        return faults.faults();
    }

    /**
     * Starts a fake worker on threads of its own.
     *
     * @throws BridgeConfigurationException if the launch's worker options hold a value the worker refuses
     */
    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        requireNonNull(spec, "spec is null");
        Map<String, Command> commands = new LinkedHashMap<>();
        answers.forEach((command, answer) -> commands.put(command, request -> answer.apply(request.args())));
        WorkerProcess process;
        try {
            process = FakeWorker.launch(spec, faults, commands);
        }
        catch (IllegalArgumentException e) {
            throw new BridgeConfigurationException("cannot launch fake worker " + spec.workerId() + ": " + e.getMessage(), e);
        }
        launched.incrementAndGet();
        running.add(process);
        process.onExit().whenComplete((code, failure) -> running.remove(process));
        return process;
    }

    /** How many workers this launcher has launched. */
    public int launched() {
        return launched.get();
    }

    /** How many of them have not exited yet: their threads still run. */
    public int running() {
        return running.size();
    }

    @Override
    public String toString() {
        return "FakeWorkerLauncher[faults=" + faults.faults() + ", answering=" + answers.keySet() + "]";
    }
}
