package dev.pybridge.jsr223;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testing.TestingPython;

import java.util.ArrayList;
import java.util.List;

/**
 * Engines over one single-process bridge that starts on the first {@link #engine()} (inside the
 * test, so that {@code NoProcessLeft} watches its worker) and closes, engines first, with
 * {@link #close()}.
 */
final class TestingEngines implements AutoCloseable {

    private final BridgeConfig config;
    private final List<PythonScriptEngine> engines = new ArrayList<>();
    private SingleProcessBridge bridge;
    private PythonScriptEngineFactory factory;

    /** Over a bridge with the tests' settings. */
    TestingEngines() {
        this(TestingPython.config().build());
    }

    TestingEngines(BridgeConfig config) {
        this.config = config;
    }

    synchronized PythonScriptEngine engine() {
        PythonScriptEngine engine = factory().getScriptEngine();
        engines.add(engine);
        return engine;
    }

    /** Closes {@code engine}, made over a bridge that wraps this one's, with the others. */
    synchronized void adopt(PythonScriptEngine engine) {
        engines.add(engine);
    }

    synchronized PythonScriptEngineFactory factory() {
        if (factory == null) {
            bridge = SingleProcessBridge.start(config);
            factory = PythonScriptEngineFactory.over(bridge);
        }
        return factory;
    }

    synchronized SingleProcessBridge bridge() {
        factory();
        return bridge;
    }

    @Override
    public synchronized void close() {
        engines.forEach(PythonScriptEngine::close);
        if (bridge != null) {
            bridge.close();
        }
    }
}
