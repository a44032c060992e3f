package dev.pybridge.core.launch;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.internal.WorkerScripts;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts workers as child processes of this JVM: the configured interpreter, exactly as
 * configured (a wrapper script, a launcher shim or a virtual environment's {@code python} runs as
 * it would from a shell, with whatever environment it sets up), runs the worker's start script
 * from a content-addressed cache folder, checked and unpacked from this jar when needed. Nothing
 * else is launched: the worker itself tells its version and real executable in its ready frame.
 *
 * @since 0.1
 */
public final class LocalProcessLauncher implements WorkerLauncher {

    /** The oldest Python the worker supports. */
    public static final String MINIMUM_PYTHON = "3.9";

    /** A launcher for workers on this machine; it holds no state, so one may serve every bridge. */
    public LocalProcessLauncher() {}

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        PythonEnvironment python = spec.python();
        python.workingDirectory().ifPresent(LocalProcessLauncher::requireFolder);
        Path scripts = WorkerScripts.unpack(spec.cacheDirectory());
        List<String> command = new ArrayList<>();
        command.add(python.executable());
        command.add(scripts.resolve(WorkerScripts.START_SCRIPT).toString());
        command.addAll(spec.workerArguments());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.putAll(python.environment());
        // The JVM reads stderr as UTF-8 whatever the machine's locale says.
        environment.put("PYTHONIOENCODING", "utf-8");
        python.workingDirectory().map(Path::toFile).ifPresent(builder::directory);
        try {
            return WorkerProcess.of(builder.start());
        }
        catch (IOException e) {
            throw cannotStart(spec.workerId(), python, e);
        }
    }

    private static void requireFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new BridgeConfigurationException("the working directory " + folder + " configured for the Python workers "
                    + (Files.exists(folder) ? "is not a directory" : "does not exist")
                    + ": create it, or configure another with PythonEnvironment.withWorkingDirectory");
        }
    }

    private static RuntimeException cannotStart(String workerId, PythonEnvironment python, IOException e) {
        String executable = python.executable();
        String reason = String.valueOf(e.getMessage());
        boolean bareName = !executable.contains(File.separator) && !executable.contains("/");
        if (reason.contains("error=2,") && !bareName && Files.isRegularFile(Path.of(executable))) {
            return new BridgeConfigurationException("Python interpreter '" + executable + "' exists but could not be run: "
                    + "is it a script whose '#!' line names a program that does not exist?", e);
        }
        if (reason.contains("error=2,")) {
            return new BridgeConfigurationException("Python interpreter '" + executable + "' was not found"
                    + (bareName ? " on the PATH (" + System.getenv("PATH") + ")" : "")
                    + ": install Python " + MINIMUM_PYTHON + "+ or configure the path of an existing interpreter "
                    + "(BridgeConfig.python, or PYBRIDGE_PYTHON with PythonEnvironment.detect())", e);
        }
        if (reason.contains("error=13,")) {
            return new BridgeConfigurationException("Python interpreter '" + executable
                    + "' is not executable (permission denied): check its path and mode", e);
        }
        return new WorkerStartupException("cannot start worker " + workerId + " with Python interpreter '" + executable + "': "
                + reason, workerId, List.of(), e);
    }
}
