package dev.pybridge.core.internal;

import dev.pybridge.api.config.PythonEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks an interpreter for its version, for those who want it without starting a worker (a
 * script engine factory's language version). Never on a worker's start path: a worker tells its
 * version in its ready frame.
 */
public final class InterpreterProbe {

    private static final String PRINT_VERSION = "import sys; sys.stdout.write('%d.%d.%d' % sys.version_info[:3])";
    // Answers only: an interpreter that cannot be asked is asked again next time.
    private static final Map<PythonEnvironment, String> VERSIONS = new ConcurrentHashMap<>();

    private InterpreterProbe() {}

    /** Its version, such as {@code "3.11.7"}, or empty when it does not answer like Python within {@code timeout}. */
    public static Optional<String> version(PythonEnvironment python, Duration timeout) {
        String known = VERSIONS.get(python);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> asked = ask(python, timeout);
        asked.ifPresent(version -> VERSIONS.putIfAbsent(python, version));
        return asked;
    }

    private static Optional<String> ask(PythonEnvironment python, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(python.executable(), "-c", PRINT_VERSION).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(python.environment());
        python.workingDirectory().map(Path::toFile).ifPresent(builder::directory);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            return Optional.empty();
        }
        try {
            process.getOutputStream().close();
            // The answer is a few bytes, far less than a pipe holds, so the process never waits for this thread to read.
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 && answer.matches("\\d+\\.\\d+\\.\\d+") ? Optional.of(answer) : Optional.empty();
        }
        catch (IOException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        finally {
            // A wrapper script that hangs must not leave its own children behind.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
