package dev.pybridge.core.launch;

import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.internal.InterpreterResolver;
import dev.pybridge.core.internal.ResolvedInterpreter;
import dev.pybridge.core.internal.WorkerScripts;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts workers as child processes of this JVM: the interpreter resolved once per environment
 * (skipping launcher shims), {@code -m pybridge}, and the worker package unpacked from this jar to
 * a content-addressed cache folder put first on {@code PYTHONPATH}.
 *
 * @since 0.1
 */
public final class LocalProcessLauncher implements WorkerLauncher {

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        ResolvedInterpreter interpreter = InterpreterResolver.resolve(spec.python(), spec.startupTimeout());
        Path scripts = WorkerScripts.unpack(spec.cacheDirectory());
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
            return new LocalProcess(builder.start());
        }
        catch (IOException e) {
            throw new WorkerStartupException("cannot start worker " + spec.workerId() + " with " + interpreter.executable()
                    + ": " + e.getMessage(), spec.workerId(), List.of(), e);
        }
    }

    /** A {@link WorkerProcess} over a {@link Process}. */
    private static final class LocalProcess implements WorkerProcess {
        private final Process process;
        private final CompletableFuture<Integer> exit;

        LocalProcess(Process process) {
            this.process = process;
            this.exit = process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void terminate() {
            process.destroy();
        }

        @Override
        public void kill() {
            process.destroyForcibly();
        }
    }
}
