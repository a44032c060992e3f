package dev.pybridge.core.internal;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.WorkerStartupException;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real interpreter behind a configured one by asking it for {@code sys.executable},
 * once per environment in this JVM. Starting the real binary skips launcher shims: through
 * pyenv's shim, {@code python3} takes about three times as long to start.
 */
public final class InterpreterResolver {

    /** The oldest Python the worker supports. */
    public static final String MINIMUM_VERSION = "3.9";

    private static final String PROBE = "import sys; sys.stdout.write(sys.executable + '\\n' + '%d.%d.%d' % sys.version_info[:3])";

    // Successes only: a broken interpreter is probed again next time, so fixing it needs no restart.
    private static final Map<PythonEnvironment, ResolvedInterpreter> RESOLVED = new ConcurrentHashMap<>();

    private InterpreterResolver() {}

    /**
     * @throws BridgeConfigurationException when the interpreter is missing, not executable, broken,
     *     too old, or does not answer within {@code timeout}
     * @throws WorkerStartupException when the probe was killed by a signal, which says nothing of
     *     the interpreter: a later start may succeed
     */
    public static ResolvedInterpreter resolve(PythonEnvironment python, Duration timeout) {
        ResolvedInterpreter known = RESOLVED.get(python);
        if (known != null) {
            return known;
        }
        ResolvedInterpreter resolved = probe(python, timeout);
        RESOLVED.putIfAbsent(python, resolved);
        return resolved;
    }

    private static ResolvedInterpreter probe(PythonEnvironment python, Duration timeout) {
        Path stdout = null;
        Path stderr = null;
        Process process = null;
        try {
            // Files, not pipes: a hung or chatty interpreter can then never block the probe past its timeout.
            stdout = Files.createTempFile("pybridge-probe", ".out");
            stderr = Files.createTempFile("pybridge-probe", ".err");
            ProcessBuilder builder = new ProcessBuilder(python.executable(), "-c", PROBE)
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(python.environment());
            python.workingDirectory().map(Path::toFile).ifPresent(builder::directory);
            process = start(builder, python);
            // An interpreter that waits for input (a REPL, a wrapper that reads stdin) sees its end at once.
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BridgeConfigurationException("Python interpreter '" + python.executable()
                        + "' did not answer a version probe within " + timeout + "; is it a working Python 3?");
            }
            if (process.exitValue() > 128) {
                // Killed from outside (an out-of-memory killer, a test's kill -9): the interpreter may be fine, so another start may work.
                throw new WorkerStartupException("the version probe of Python interpreter '" + python.executable()
                        + "' was killed by signal " + (process.exitValue() - 128) + " before it answered", "interpreter probe",
                        List.of(), null);
            }
            if (process.exitValue() != 0) {
                throw new BridgeConfigurationException("Python interpreter '" + python.executable()
                        + "' failed a version probe with exit code " + process.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return parse(python, Files.readString(stdout, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new BridgeConfigurationException("could not probe Python interpreter '" + python.executable() + "': " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeConfigurationException("interrupted while probing Python interpreter '" + python.executable() + "'", e);
        }
        finally {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static Process start(ProcessBuilder builder, PythonEnvironment python) {
        try {
            return builder.start();
        }
        catch (IOException e) {
            throw new BridgeConfigurationException(cannotStart(python, e), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException ignored) {
                // A leftover temp file of a few bytes is not worth failing a start for.
            }
        }
    }

    private static ResolvedInterpreter parse(PythonEnvironment python, String answer) {
        List<String> lines = answer.lines().toList();
        if (lines.size() != 2 || !lines.get(1).matches("\\d+\\.\\d+\\.\\d+")) {
            throw new BridgeConfigurationException("'" + python.executable()
                    + "' does not answer like a Python 3 interpreter (it printed: " + answer.strip() + ")");
        }
        String version = lines.get(1);
        if (!atLeast(version, MINIMUM_VERSION)) {
            throw new BridgeConfigurationException("'" + python.executable() + "' is Python " + version
                    + "; PyBridge needs Python " + MINIMUM_VERSION + " or newer: configure a newer interpreter");
        }
        // An embedded or frozen Python may report no executable; then the configured one is all we have.
        Path executable = Path.of(lines.get(0).isBlank() ? python.executable() : lines.get(0));
        return new ResolvedInterpreter(python.executable(), executable, version);
    }

    static boolean atLeast(String version, String minimum) {
        String[] have = version.split("\\.");
        String[] need = minimum.split("\\.");
        for (int i = 0; i < need.length; i++) {
            int part = i < have.length ? Integer.parseInt(have[i]) : 0;
            int required = Integer.parseInt(need[i]);
            if (part != required) {
                return part > required;
            }
        }
        return true;
    }

    private static String cannotStart(PythonEnvironment python, IOException e) {
        String executable = python.executable();
        String reason = String.valueOf(e.getMessage());
        boolean bareName = !executable.contains(File.separator) && !executable.contains("/");
        if (reason.contains("error=2")) {
            return "Python interpreter '" + executable + "' was not found"
                    + (bareName ? " on the PATH (" + System.getenv("PATH") + ")" : "")
                    + ": install Python " + MINIMUM_VERSION + "+ or configure the path of an existing interpreter "
                    + "(BridgeConfig.python, or PYBRIDGE_PYTHON with PythonEnvironment.detect())";
        }
        if (reason.contains("error=13")) {
            return "Python interpreter '" + executable + "' is not executable (permission denied): check its path and mode";
        }
        return "cannot start Python interpreter '" + executable + "': " + reason;
    }
}
