package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.core.internal.InterpreterProbe;
import dev.pybridge.core.status.ReadyInfo;
import dev.pybridge.core.status.WorkerStatus;
import dev.pybridge.core.launch.LocalProcessLauncher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Checks that a configuration can run workers, before the first real call: starts a worker,
 * learns the real interpreter and version from it, lists its commands, and looks for the optional
 * packages PyBridge can use. What {@code ./pybridge doctor} prints.
 *
 * @since 0.1
 */
public final class PythonDoctor {

    /** Optional packages and what they enable. */
    static final Map<String, String> OPTIONAL_PACKAGES = Map.of(
            "dspy", "the DSPy program commands (configure_lm, create_program, execute_program, ...)");

    private static final String FIND_PACKAGES = String.join("\n",
            "import importlib.util, importlib.metadata",
            "def version_of(name):",
            "    if importlib.util.find_spec(name) is None:",
            "        return None",
            "    try:",
            "        return importlib.metadata.version(name)",
            "    except importlib.metadata.PackageNotFoundError:",
            "        return 'unknown version'",
            "{name: version_of(name) for name in names}");

    private PythonDoctor() {}

    /**
     * Examines {@code config} by starting a worker the way a bridge does, so that a broken setup
     * gets the very diagnosis a bridge would give; never throws for a broken Python, which becomes
     * a problem in the report.
     */
    public static DoctorReport examine(BridgeConfig config) {
        requireNonNull(config, "config is null");
        String configured = config.python().executable();
        List<DoctorReport.Problem> problems = new ArrayList<>();
        long started = System.nanoTime();
        BridgeConfig eager = config.toBuilder().eagerStart(true).restartPolicy(config.restartPolicy().withMaxRestarts(0)).build();
        try (SingleProcessBridge bridge = new SingleProcessBridge(eager, new LocalProcessLauncher())) {
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            ReadyInfo ready = bridge.status().worker().map(WorkerStatus::ready)
                    .orElseThrow(() -> new IllegalStateException("an eagerly started bridge has a worker"));
            String executable = ready.executable().isEmpty() ? configured : ready.executable();
            if (!sameFile(configured, executable)) {
                problems.add(new DoctorReport.Problem("'" + configured + "' runs the interpreter " + executable
                        + " through a launcher (a shim or a wrapper script), which every worker start pays for",
                        "if the launcher sets nothing the workers need, configure " + executable + " to start faster", false));
            }
            Map<String, Optional<String>> packages = findPackages(bridge);
            packages.forEach((name, version) -> {
                if (version.isEmpty()) {
                    problems.add(new DoctorReport.Problem("package '" + name + "' is not importable, so "
                            + OPTIONAL_PACKAGES.get(name) + " answer DependencyMissing",
                            "install it into this interpreter: " + executable + " -m pip install " + name, false));
                }
            });
            return new DoctorReport(configured, Optional.of(executable), Optional.of(ready.python()), startMillis, ready.commands(),
                    packages, problems);
        }
        catch (BridgeException e) {
            problems.add(new DoctorReport.Problem("the worker could not start: " + e.getMessage(), fixFor(e), true));
            return new DoctorReport(configured, Optional.empty(), Optional.empty(), -1, List.of(), Map.of(), problems);
        }
    }

    // The messages say what is wrong and what to change; this says where to look.
    private static String fixFor(BridgeException failure) {
        if (failure instanceof BridgeConfigurationException) {
            return "change what the message names, then run the doctor again (--python tries another interpreter)";
        }
        return "read the worker's stderr lines in the message: they say why Python stopped";
    }

    private static boolean sameFile(String configured, String executable) {
        try {
            Path real = Path.of(executable).toRealPath();
            Path given = Path.of(configured);
            if (!given.isAbsolute() && given.getNameCount() == 1) {
                return false;  // a bare name found on the PATH: whatever it is, it is not the real file
            }
            return given.toRealPath().equals(real);
        }
        catch (IOException | RuntimeException e) {
            return true;  // cannot tell: say nothing
        }
    }

    /**
     * The version of the configured interpreter, such as {@code "3.11.7"}, learned by asking it
     * (once per interpreter in this JVM), without starting a worker; empty when it cannot be asked.
     */
    public static Optional<String> pythonVersion(BridgeConfig config) {
        requireNonNull(config, "config is null");
        return InterpreterProbe.version(config.python(), config.startupTimeout());
    }

    private static Map<String, Optional<String>> findPackages(SingleProcessBridge bridge) {
        Map<String, Optional<String>> found = new LinkedHashMap<>();
        List<String> names = List.copyOf(new TreeSet<>(OPTIONAL_PACKAGES.keySet()));
        Object answer = bridge.call(Call.exec("names = " + pythonList(names) + "\n" + FIND_PACKAGES).inSession("pybridge-doctor"));
        Map<?, ?> versions = answer instanceof Map<?, ?> map ? map : Map.of();
        names.forEach(name -> found.put(name, Optional.ofNullable(versions.get(name)).map(String::valueOf)));
        return found;
    }

    private static String pythonList(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
