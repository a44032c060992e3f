package dev.pybridge.jsr223;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.core.PythonDoctor;
import dev.pybridge.core.SingleProcessBridge;

import java.time.Duration;

/**
 * The bridge of a factory that ServiceLoader made: one {@link SingleProcessBridge} for all the
 * factory's engines, started on the first engine's first call (never when the factory is made,
 * since ScriptEngineManager makes every factory it finds) and owned by the factory.
 */
final class DefaultBridge implements BridgeSource {

    // JSR-223 has no deadlines, and a script may rightly run for long (jrunscript -f train.py); a
    // caller who wants a deadline passes its own bridge.
    static final Duration CALL_TIMEOUT = Duration.ofDays(1);

    // A script whose caller was interrupted holds the worker, and so every engine of the factory, until it stops; the
    // worker runs its calls one at a time on Python's main thread, where a cancel cannot stop a running script. After
    // this grace the worker is killed and replaced, and the engines' sessions are replayed there. Closing the factory
    // waits as long for scripts still running.
    static final Duration GRACE = Duration.ofSeconds(2);

    private final BridgeConfig config = BridgeConfig.builder()
            .python(PythonEnvironment.detect())
            .callTimeout(CALL_TIMEOUT)
            .shutdownGrace(GRACE)
            .build();
    private PythonBridge bridge;
    private boolean closed;

    @Override
    public synchronized PythonBridge bridge() {
        if (closed) {
            throw new BridgeClosedException("the script engine factory was closed, and its Python worker with it");
        }
        if (bridge == null) {
            bridge = SingleProcessBridge.start(config);
        }
        return bridge;
    }

    // The interpreter is asked once per JVM: no worker starts for this.
    @Override
    public String languageVersion() {
        return PythonDoctor.pythonVersion(config).orElse("unknown");
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (bridge != null) {
            bridge.close();
        }
    }
}
