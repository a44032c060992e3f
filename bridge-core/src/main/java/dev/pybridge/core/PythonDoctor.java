package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.core.internal.InterpreterResolver;
import dev.pybridge.core.internal.ResolvedInterpreter;
import dev.pybridge.core.launch.LocalProcessLauncher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Checks that a configuration can run workers, before the first real call: resolves the
 * interpreter, starts a worker, lists its commands, and looks for the optional packages PyBridge
 * can use. What {@code ./pybridge doctor} prints.
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

    /** Examines {@code config}; never throws for a broken Python, which becomes a problem in the report. */
    public static DoctorReport examine(BridgeConfig config) {
        requireNonNull(config, "config is null");
        List<DoctorReport.Problem> problems = new ArrayList<>();
        ResolvedInterpreter interpreter;
        try {
            interpreter = InterpreterResolver.resolve(config.python(), config.startupTimeout());
        }
        catch (BridgeConfigurationException e) {
            problems.add(new DoctorReport.Problem(e.getMessage(), "set PYBRIDGE_PYTHON (or BridgeConfig.python) to a Python "
                    + InterpreterResolver.MINIMUM_VERSION + "+ interpreter, or activate a virtual environment", true));
            return new DoctorReport(config.python().executable(), Optional.empty(), Optional.empty(), -1, List.of(), Map.of(), problems);
        }
        long started = System.nanoTime();
        try (SingleProcessBridge bridge = new SingleProcessBridge(config.toBuilder().eagerStart(true).build(), new LocalProcessLauncher())) {
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            List<String> commands = bridge.status().worker().map(worker -> worker.ready().commands()).orElse(List.of());
            Map<String, Optional<String>> packages = findPackages(bridge);
            packages.forEach((name, version) -> {
                if (version.isEmpty()) {
                    problems.add(new DoctorReport.Problem("package '" + name + "' is not importable, so "
                            + OPTIONAL_PACKAGES.get(name) + " answer DependencyMissing",
                            "install it into this interpreter: " + interpreter.executable() + " -m pip install " + name, false));
                }
            });
            return new DoctorReport(interpreter.configured(), Optional.of(interpreter.executable().toString()),
                    Optional.of(interpreter.version()), startMillis, commands, packages, problems);
        }
        catch (BridgeException e) {
            problems.add(new DoctorReport.Problem("the worker could not start: " + e.getMessage(),
                    "read the worker's stderr above; a sitecustomize or .pth file that prints or fails is a common cause", true));
            return new DoctorReport(interpreter.configured(), Optional.of(interpreter.executable().toString()),
                    Optional.of(interpreter.version()), -1, List.of(), Map.of(), problems);
        }
    }

    /**
     * The version of the configured interpreter, such as {@code "3.11.7"}, learned by asking it
     * (once per interpreter in this JVM), without starting a worker; empty when it cannot be asked.
     */
    public static Optional<String> pythonVersion(BridgeConfig config) {
        requireNonNull(config, "config is null");
        try {
            return Optional.of(InterpreterResolver.resolve(config.python(), config.startupTimeout()).version());
        }
        catch (BridgeException e) {
            return Optional.empty();
        }
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
