package dev.pybridge.core.launch;

import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link WorkerLauncher} must start: the worker {@code python -m pybridge} with
 * {@code workerArguments}, run by the interpreter of {@code python}.
 *
 * @param workerId the worker's name, for logs and process listings
 * @param python the interpreter, its extra environment and working directory
 * @param workerArguments the options after {@code -m pybridge} ({@code --worker-id}, {@code --run-id}, ...)
 * @param startupTimeout how long preparing the launch (such as probing the interpreter) may take
 * @param cacheDirectory where the worker's Python files may be unpacked, if not the default
 * @since 0.1
 */
public record LaunchSpec(String workerId, PythonEnvironment python, List<String> workerArguments, Duration startupTimeout,
        Optional<Path> cacheDirectory) {

    public LaunchSpec {
        requireNonNull(workerId, "workerId is null");
        requireNonNull(python, "python is null");
        workerArguments = List.copyOf(workerArguments);
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(cacheDirectory, "cacheDirectory is null");
    }
}
