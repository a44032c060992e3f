package dev.pybridge.jsr223;

import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code new ScriptEngineManager()} finds the engine: through {@code provides} on the module path
 * and through {@code META-INF/services} on the class path. The build runs this class both ways
 * (failsafe's default execution, and its {@code class-path} execution).
 */
@ExtendWith(NoProcessLeft.class)
class DiscoveryIT {

    private final List<PythonScriptEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(PythonScriptEngine::close);
        engines.stream().map(engine -> (PythonScriptEngineFactory) engine.getFactory()).distinct().forEach(PythonScriptEngineFactory::close);
    }

    @Test
    void runsWhereTheBuildSaysItRuns() {
        boolean classPath = "class".equals(System.getProperty("pybridge.test.path"));
        assertEquals(!classPath, PythonScriptEngineFactory.class.getModule().isNamed(),
                "expected to run on the " + (classPath ? "class" : "module") + " path");
    }

    @Test
    void everyNameExtensionAndMimeTypeFindsTheEngine() {
        ScriptEngineManager manager = new ScriptEngineManager();
        for (String name : List.of("cpython", "python3", "python", "py")) {
            assertEquals(PythonScriptEngineFactory.ENGINE_NAME, found(manager.getEngineByName(name)).getFactory().getEngineName(), name);
        }
        found(manager.getEngineByExtension("py"));
        for (String type : List.of("text/x-python", "text/python", "application/x-python", "application/python")) {
            found(manager.getEngineByMimeType(type));
        }
        ScriptEngine first = found(manager.getEngineByName("cpython"));
        ScriptEngine second = found(manager.getEngineByName("cpython"));
        assertNotSame(first, second, "a new engine, and session, per lookup");
        assertSame(first.getFactory(), second.getFactory());
        List<ScriptEngineFactory> ours = manager.getEngineFactories().stream()
                .filter(factory -> factory.getEngineName().equals(PythonScriptEngineFactory.ENGINE_NAME)).toList();
        assertEquals(1, ours.size());
    }

    @Test
    void nothingStartsUntilTheFirstCallAndThenOneWorkerServesTheFactory() throws Exception {
        Set<Long> before = descendants();
        ScriptEngineManager manager = new ScriptEngineManager();
        ScriptEngine first = found(manager.getEngineByName("cpython"));
        ScriptEngine second = found(manager.getEngineByName("python"));
        first.getFactory().getNames();
        assertEquals(before, descendants(), "looking engines up started a process");

        assertEquals(42L, first.eval("6 * 7"));
        assertEquals(1L, second.eval("1"));
        Set<Long> started = descendants();
        started.removeAll(before);
        assertEquals(1, started.size(), "one worker for the factory's engines: " + started);
        assertEquals(second.eval("__import__('os').getpid()"), started.iterator().next());
    }

    @Test
    void theManagersGlobalBindingsAreVisible() throws Exception {
        ScriptEngineManager manager = new ScriptEngineManager();
        manager.put("greeting", "hello from the manager");
        ScriptEngine engine = found(manager.getEngineByName("cpython"));
        assertEquals("HELLO FROM THE MANAGER", engine.eval("greeting.upper()"));
        engine.eval("greeting = 'mine'");
        assertEquals("mine", engine.getBindings(ScriptContext.ENGINE_SCOPE).get("greeting"));
        assertEquals("hello from the manager", manager.get("greeting"));
    }

    @Test
    void theLanguageVersionIsTheWorkersPython() throws Exception {
        ScriptEngine engine = found(new ScriptEngineManager().getEngineByName("cpython"));
        assertEquals(engine.eval("import platform\nplatform.python_version()"), engine.getFactory().getLanguageVersion());
        assertEquals(engine.getFactory().getLanguageVersion(), engine.getFactory().getParameter(ScriptEngine.LANGUAGE_VERSION));
    }

    @Test
    void closingTheFactoryStopsItsWorkerAndItsEnginesFail() throws Exception {
        ScriptEngine engine = found(new ScriptEngineManager().getEngineByName("cpython"));
        long pid = (Long) engine.eval("__import__('os').getpid()");
        ((PythonScriptEngineFactory) engine.getFactory()).close();
        ProcessHandle.of(pid).ifPresent(worker -> worker.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("1"));
        assertInstanceOf(BridgeClosedException.class, error.getCause());
    }

    private PythonScriptEngine found(ScriptEngine engine) {
        PythonScriptEngine ours = assertInstanceOf(PythonScriptEngine.class, engine);
        engines.add(ours);
        return ours;
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
