package dev.pybridge.testkit.faults;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.testkit.Fault;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Gives real Python workers {@link Fault}s: the configuration {@link #apply} returns starts workers
 * that misbehave for real, so that a suite sees the failures a production bridge would.
 *
 * <p>The faults live in a Python extension module shipped in this jar ({@value #MODULE}). It is
 * unpacked into a folder the caller owns, that folder goes first on the workers'
 * {@code PYTHONPATH}, the module is named last among {@link BridgeConfig#extensions()} (so that it
 * wraps every command, the other extensions' included), and the faults reach it as JSON in the
 * environment variable {@value #VARIABLE}. On each request the worker then meets its faults before
 * the command runs:
 *
 * <ul>
 *   <li>{@link Fault.CrashOnCommand}, {@link Fault.CrashAfterCalls}: the worker sends itself SIGKILL.</li>
 *   <li>{@link Fault.CrashAfterReady}: the worker sends itself SIGKILL on the first request it
 *       receives after its ready frame, whatever the command (a pool's health check included), so
 *       every worker dies before it serves anything.</li>
 *   <li>{@link Fault.HangOnCommand}: the request's thread blocks on a lock it already holds, where no
 *       {@code cancel} reaches it; the bridge kills the worker.</li>
 *   <li>{@link Fault.GarbageOnCommand}: the worker writes bytes whose header announces a frame of
 *       about 4 GiB to its real reply descriptor, then runs the command.</li>
 *   <li>{@link Fault.DieDuringStartup}: the worker writes a line to stderr and exits with status 1
 *       while its extensions load, before its ready frame. The bridge then reports a
 *       {@link dev.pybridge.api.error.BridgeConfigurationException} (a worker that exits with a
 *       status before it is ready would fail the same way again), so the bridge, and a fixture
 *       over it, cannot be built.</li>
 *   <li>{@link Fault.FloodStderr}, {@link Fault.SlowAnswers}: the lines are written, or the delay
 *       slept, before the command runs.</li>
 *   <li>{@link Fault.ForkChildAndDie}: the worker forks a child that holds copies of its request and
 *       reply descriptors and sleeps, writes the child's pid to stderr
 *       ({@code forked child <pid>}), and sends itself SIGKILL.</li>
 * </ul>
 *
 * <p>Calls, for {@link Fault.CrashAfterCalls}, {@link Fault.FloodStderr} and
 * {@link Fault.SlowAnswers}, are the requests of every command but the housekeeping the bridge sends
 * by itself ({@code ping}, {@code stats}, {@code cancel}, {@code shutdown}, and the
 * {@code session.close} a pool sends before a session moves in): a pool's health checks neither
 * count nor wait. A fault that names a command applies to that command, whichever it is.
 * Each fault writes what it does to stderr first, so the failure's stderr tail names it.
 *
 * <p>{@link Fault.GarbageOnCommand} and {@link Fault.ForkChildAndDie} find the protocol's pipes
 * among the worker's descriptors, and so need a worker started by the local launcher.
 *
 * <pre>{@code
 * BridgeConfig faulty = PythonFaults.apply(config, List.of(Fault.crashOn("exec")), tempDir);
 * try (SingleProcessBridge python = SingleProcessBridge.start(faulty)) {
 *     assertThrows(WorkerCrashedException.class, () -> python.exec("x = 1"));
 *     assertEquals(2L, python.eval("1 + 1"));   // a new worker
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class PythonFaults {

    /** The Python extension module that injects the faults. */
    public static final String MODULE = "pybridge_testkit_faults";

    /** The environment variable that passes the faults to {@link #MODULE}, as JSON. */
    public static final String VARIABLE = "PYBRIDGE_TESTKIT_FAULTS";

    private static final String PYTHONPATH = "PYTHONPATH";
    private static final String FILE = MODULE + ".py";

    private PythonFaults() {}

    /**
     * The configuration whose workers misbehave as {@code faults} say; {@code config} itself when
     * {@code faults} is empty.
     *
     * @param folder where the fault module is unpacked (created if missing); the caller owns it and
     *     deletes it once the bridges that use it have closed. Configurations may share one: the
     *     faults travel in the workers' environment, and the module is replaced atomically
     * @throws IllegalArgumentException if {@code config} has faults applied already: apply all of
     *     them at once
     * @throws UncheckedIOException if the module cannot be written into {@code folder}
     */
    public static BridgeConfig apply(BridgeConfig config, List<Fault> faults, Path folder) {
        requireNonNull(config, "config is null");
        requireNonNull(faults, "faults is null");
        requireNonNull(folder, "folder is null");
        faults.forEach(fault -> requireNonNull(fault, "faults holds null"));
        if (faults.isEmpty()) {
            return config;
        }
        if (config.extensions().contains(MODULE) || config.python().environment().containsKey(VARIABLE)) {
            throw new IllegalArgumentException("this configuration has faults applied already; "
                    + "apply all the faults at once: PythonFaults.apply(config, List.of(fault1, fault2, ...), folder)");
        }
        unpack(folder);
        PythonEnvironment python = config.python()
                .withVariable(PYTHONPATH, pythonPath(config.python(), folder))
                .withVariable(VARIABLE, FaultsJson.of(faults));
        List<String> extensions = new ArrayList<>(config.extensions());
        extensions.add(MODULE);
        return config.toBuilder().python(python).extensions(extensions).build();
    }

    // The workers inherit the JVM's PYTHONPATH unless the configuration sets one; either way, it is kept after the folder.
    private static String pythonPath(PythonEnvironment python, Path folder) {
        String kept = python.environment().getOrDefault(PYTHONPATH, System.getenv(PYTHONPATH));
        String first = folder.toAbsolutePath().toString();
        return kept == null || kept.isBlank() ? first : first + File.pathSeparator + kept;
    }

    private static void unpack(Path folder) {
        try (InputStream module = PythonFaults.class.getResourceAsStream(FILE)) {
            if (module == null) {
                throw new IllegalStateException(FILE + " is missing from the testkit jar beside " + PythonFaults.class.getName());
            }
            Files.createDirectories(folder);
            // Written beside, then moved over: a worker starting from a shared folder never reads half a module.
            Path written = Files.createTempFile(folder, MODULE, ".tmp");
            Files.write(written, module.readAllBytes());
            Files.move(written, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the fault module " + FILE + " into " + folder.toAbsolutePath()
                    + ": give PythonFaults.apply a writable folder, such as a JUnit @TempDir", e);
        }
    }
}
