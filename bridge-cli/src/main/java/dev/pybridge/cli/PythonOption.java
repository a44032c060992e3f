package dev.pybridge.cli;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import picocli.CommandLine.Option;

/** {@code --python}: which interpreter the command uses. */
final class PythonOption {

    @Option(names = "--python", paramLabel = "EXECUTABLE",
            description = "The Python interpreter (a path or a command on the PATH). "
                    + "Default: $PYBRIDGE_PYTHON, else the active virtual environment, else python3.")
    private String executable;

    PythonEnvironment environment() {
        return executable == null ? PythonEnvironment.detect() : PythonEnvironment.of(executable);
    }

    BridgeConfig.Builder config() {
        return BridgeConfig.builder().python(environment());
    }
}
