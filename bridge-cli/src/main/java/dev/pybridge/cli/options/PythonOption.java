package dev.pybridge.cli.options;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --python}: which interpreter the command uses. */
public final class PythonOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    // Null until given: then the environment decides, as PythonEnvironment.detect() does.
    private String executable;

    @Option(names = "--python", paramLabel = "EXECUTABLE",
            description = "The Python interpreter (a path or a command on the PATH). "
                    + "Default: $PYBRIDGE_PYTHON, else the active virtual environment, else python3.")
    private void executable(String value) {
        executable = OptionValues.notBlank(command, "--python", value,
                "a Python interpreter: give its path or a command on the PATH, such as python3");
    }

    public PythonEnvironment environment() {
        return executable == null ? PythonEnvironment.detect() : PythonEnvironment.of(executable);
    }

    public BridgeConfig.Builder config() {
        return BridgeConfig.builder().python(environment());
    }
}
