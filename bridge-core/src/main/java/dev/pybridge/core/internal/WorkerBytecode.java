package dev.pybridge.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Byte-compiles the unpacked worker package once per interpreter version. Where
 * {@code PYTHONDONTWRITEBYTECODE} is set (many container images set it), Python never caches the
 * worker's bytecode and compiles its modules from source at every start; compiling them ahead,
 * into the worker's own content-addressed folder, spares every later start that work without
 * changing the setting for the user's code.
 */
public final class WorkerBytecode {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerBytecode.class);
    private static final Map<Path, Boolean> COMPILED = new ConcurrentHashMap<>();

    private WorkerBytecode() {}

    /** Compiles {@code scripts} for {@code interpreter}, unless done before; a failure only costs start-up time. */
    public static void ensureCompiled(Path scripts, ResolvedInterpreter interpreter, Duration timeout) {
        Path marker = scripts.resolve(".compiled-" + interpreter.version());
        COMPILED.computeIfAbsent(marker, done -> compile(scripts, interpreter, timeout, marker));
    }

    private static Boolean compile(Path scripts, ResolvedInterpreter interpreter, Duration timeout, Path marker) {
        if (Files.exists(marker)) {
            return true;
        }
        Process compile = null;
        try {
            compile = new ProcessBuilder(interpreter.executable().toString(), "-m", "compileall", "-q", scripts.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            compile.getOutputStream().close();
            if (compile.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && compile.exitValue() == 0) {
                Files.createFile(marker);
                return true;
            }
            LOG.debug("could not byte-compile the worker in {}; it will compile at each start", scripts);
        }
        catch (IOException e) {
            LOG.debug("could not byte-compile the worker in {}: {}", scripts, e.toString());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            // A bridge closed while this ran interrupts it: the compiler must not outlive the bridge.
            if (compile != null) {
                compile.destroyForcibly();
            }
        }
        return false;
    }
}
