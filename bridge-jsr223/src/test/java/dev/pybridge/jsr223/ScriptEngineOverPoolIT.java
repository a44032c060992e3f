package dev.pybridge.jsr223;

import com.google.inject.Guice;
import dev.pybridge.api.PyRef;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.pool.AffinityMode;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolModule;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.pool.SessionInfo;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.ScriptException;

import static dev.pybridge.testing.Await.until;
import static dev.pybridge.testing.Processes.killMinusNine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSR-223 engine over a pool: one session, pinned to a worker, rebuilt elsewhere when that worker dies. */
@ExtendWith(NoProcessLeft.class)
class ScriptEngineOverPoolIT {

    private static final String DEFINITIONS = "import os\n"
            + "def total(k):\n"
            + "    return base + k\n"
            + "class Greeter:\n"
            + "    def hello(self, name):\n"
            + "        return f'hello {name}'\n";

    @Test
    void anEnginesDefinitionsSurviveTheDeathOfItsWorker() throws Exception {
        try (PooledBridge pool = PooledBridge.start(config(2).affinity(AffinityMode.STRICT).build());
                PythonScriptEngine engine = PythonScriptEngineFactory.over(pool).getScriptEngine();
                PythonScriptEngine neighbour = PythonScriptEngineFactory.over(pool).getScriptEngine()) {
            engine.put("base", 40);
            engine.eval(DEFINITIONS);
            PyRef greeter = (PyRef) engine.eval("Greeter()");
            long pid = (Long) engine.eval("os.getpid()");
            neighbour.eval("x = 1");
            for (int i = 0; i < 5; i++) {
                assertEquals(pid, engine.eval("os.getpid()"), "the session stays on its worker");
            }

            killMinusNine(pid);
            until("the pool replaced the killed worker", 30, () -> pool.stats().workersReplaced() == 1);

            assertEquals(42L, engine.invokeFunction("total", 2), "the function was defined again on the new worker");
            assertEquals("hello Ada", engine.eval("Greeter().hello('Ada')"));
            assertEquals(43L, engine.eval("base + 3"));
            assertNotEquals(pid, engine.eval("os.getpid()"));
            SessionInfo session = pool.session(engine.sessionId()).orElseThrow();
            assertEquals(1, session.moves());
            ScriptException stale = assertThrows(ScriptException.class, () -> engine.invokeMethod(greeter, "hello", "Ada"));
            assertTrue(stale.getMessage().contains("UnknownRef"), "handles do not survive their worker: " + stale.getMessage());
            assertEquals(1L, neighbour.eval("x"), "another engine's session is untouched or rebuilt too");
        }
    }

    @Test
    void anEngineOverThePoolOfAGuiceInjector() throws Exception {
        PythonBridge bridge = Guice.createInjector(new PoolModule(config(2).affinity(AffinityMode.STRICT).build()))
                .getInstance(PythonBridge.class);
        try (bridge; PythonScriptEngine engine = PythonScriptEngineFactory.over(bridge).getScriptEngine()) {
            engine.eval("def square(x):\n    return x * x\n");
            assertEquals(144L, engine.invokeFunction("square", 12));
            String version = engine.getFactory().getLanguageVersion();
            assertTrue(version.matches("3\\.\\d+\\.\\d+"), version);
        }
    }

    private static PoolConfig.Builder config(int size) {
        return PoolConfig.builder().bridge(TestingPython.config().build()).size(size);
    }
}
