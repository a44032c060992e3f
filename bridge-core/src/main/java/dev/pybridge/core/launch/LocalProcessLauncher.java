package dev.pybridge.core.launch;

import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.internal.InterpreterResolver;
import dev.pybridge.core.internal.ResolvedInterpreter;
import dev.pybridge.core.internal.WorkerBytecode;
import dev.pybridge.core.internal.WorkerScripts;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts workers as child processes of this JVM: the interpreter resolved once per environment
 * (skipping launcher shims), {@code -m pybridge}, and the worker package unpacked from this jar to
 * a content-addressed cache folder put first on {@code PYTHONPATH}, byte-compiled there once per
 * interpreter version.
 *
 * @since 0.1
 */
public final class LocalProcessLauncher implements WorkerLauncher {

    /** A launcher for workers on this machine; it holds no state, so one may serve every bridge. */
    public LocalProcessLauncher() {}

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        ResolvedInterpreter interpreter = InterpreterResolver.resolve(spec.python(), spec.startupTimeout());
        Path scripts = WorkerScripts.unpack(spec.cacheDirectory());
        WorkerBytecode.ensureCompiled(scripts, interpreter, spec.startupTimeout());
        List<String> command = new ArrayList<>();
        command.add(interpreter.executable().toString());
        command.add("-m");
        command.add("pybridge");
        command.addAll(spec.workerArguments());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.putAll(spec.python().environment());
        String inherited = environment.get("PYTHONPATH");
        environment.put("PYTHONPATH", inherited == null || inherited.isEmpty()
                ? scripts.toString() : scripts + File.pathSeparator + inherited);
        // The JVM reads stderr as UTF-8 whatever the machine's locale says.
        environment.put("PYTHONIOENCODING", "utf-8");
        spec.python().workingDirectory().map(Path::toFile).ifPresent(builder::directory);
        try {
            return WorkerProcess.of(builder.start());
        }
        catch (IOException e) {
            throw new WorkerStartupException("cannot start worker " + spec.workerId() + " with " + interpreter.executable()
                    + ": " + e.getMessage(), spec.workerId(), List.of(), e);
        }
    }
}
