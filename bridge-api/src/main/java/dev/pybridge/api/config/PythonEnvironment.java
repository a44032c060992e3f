package dev.pybridge.api.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Which Python runs the workers, with which extra environment variables, in which folder.
 *
 * <p>The executable is a path ({@code /opt/venv/bin/python}) or a command name looked up on the
 * {@code PATH} ({@code python3}); the bridge resolves it once to the real interpreter
 * ({@code sys.executable}), which skips launcher shims such as pyenv's. Whether it exists is
 * checked when a bridge starts, with an error that names what was tried.
 *
 * <p>Environment values may hold secrets such as API keys: {@link #toString()} shows the names
 * only, and no PyBridge log or error message contains the values.
 *
 * @param executable the interpreter: a path, or a command name found on the {@code PATH}
 * @param environment variables added to the worker's environment (which inherits the JVM's)
 * @param workingDirectory the worker's working directory, if not the JVM's
 * @since 0.1
 */
public record PythonEnvironment(String executable, Map<String, String> environment, Optional<Path> workingDirectory) {

    /** The variable {@link #detect()} reads first. */
    public static final String PYTHON_VARIABLE = "PYBRIDGE_PYTHON";

    public PythonEnvironment {
        requireNonNull(executable, "executable is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(workingDirectory, "workingDirectory is null");
        if (executable.isBlank()) {
            throw new IllegalArgumentException("executable is blank: give a path to python3 or a command name such as \"python3\"");
        }
        environment.forEach(PythonEnvironment::checkVariable);
        environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    }

    /** {@code python3} from the {@code PATH}. */
    public static PythonEnvironment defaults() {
        return of("python3");
    }

    /** The interpreter at {@code executable}: a path, or a command name found on the {@code PATH}. */
    public static PythonEnvironment of(String executable) {
        return new PythonEnvironment(executable, Map.of(), Optional.empty());
    }

    /** The interpreter at {@code executable}. */
    public static PythonEnvironment of(Path executable) {
        return of(requireNonNull(executable, "executable is null").toString());
    }

    /**
     * The interpreter of the virtual environment in {@code folder} (its {@code bin/python}, or
     * {@code Scripts\python.exe} on Windows), with {@code VIRTUAL_ENV} set as activation does.
     */
    public static PythonEnvironment virtualEnv(Path folder) {
        requireNonNull(folder, "folder is null");
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path executable = windows ? folder.resolve("Scripts").resolve("python.exe") : folder.resolve("bin").resolve("python");
        return of(executable).withVariable("VIRTUAL_ENV", folder.toString());
    }

    /**
     * The interpreter this process's environment points at: {@code PYBRIDGE_PYTHON} if set, else
     * the active virtual environment ({@code VIRTUAL_ENV}), else {@code python3} from the
     * {@code PATH}. Only called when a caller asks for it; nothing in PyBridge reads these
     * variables on its own.
     */
    public static PythonEnvironment detect() {
        return detect(System.getenv());
    }

    /** As {@link #detect()}, reading {@code variables} instead of this process's environment. */
    public static PythonEnvironment detect(Map<String, String> variables) {
        requireNonNull(variables, "variables is null");
        String explicit = variables.get(PYTHON_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return of(explicit);
        }
        String virtualEnv = variables.get("VIRTUAL_ENV");
        if (virtualEnv != null && !virtualEnv.isBlank()) {
            return virtualEnv(Path.of(virtualEnv));
        }
        return defaults();
    }

    /** This environment with one more variable for the worker (or {@code name} replaced). */
    public PythonEnvironment withVariable(String name, String value) {
        Map<String, String> more = new TreeMap<>(environment);
        more.put(requireNonNull(name, "name is null"), requireNonNull(value, () -> "value of " + name + " is null"));
        return new PythonEnvironment(executable, more, workingDirectory);
    }

    /** This environment with {@code variables} added for the worker. */
    public PythonEnvironment withVariables(Map<String, String> variables) {
        Map<String, String> more = new TreeMap<>(environment);
        more.putAll(requireNonNull(variables, "variables is null"));
        return new PythonEnvironment(executable, more, workingDirectory);
    }

    /** This environment with the worker started in {@code folder}. */
    public PythonEnvironment withWorkingDirectory(Path folder) {
        return new PythonEnvironment(executable, environment, Optional.of(requireNonNull(folder, "folder is null")));
    }

    /** Shows the variables' names but never their values, which may be secrets. */
    @Override
    public String toString() {
        return "PythonEnvironment[executable=" + executable
                + ", environment=" + environment.keySet()
                + workingDirectory.map(folder -> ", workingDirectory=" + folder).orElse("") + "]";
    }

    private static void checkVariable(String name, String value) {
        requireNonNull(name, "environment variable name is null");
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name: \"" + name
                    + "\" (it must be non-empty, without '=' or NUL)");
        }
        requireNonNull(value, () -> "value of environment variable " + name + " is null");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("value of environment variable " + name + " contains a NUL character");
        }
    }
}
