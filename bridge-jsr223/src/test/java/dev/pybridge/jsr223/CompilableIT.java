package dev.pybridge.jsr223;

import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.Bindings;
import javax.script.CompiledScript;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compilable: compiled in the worker, run many times, re-created on a new worker. */
@ExtendWith(NoProcessLeft.class)
class CompilableIT {

    private final TestingEngines engines = new TestingEngines();

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void aCompiledScriptRunsWithTheBindingsOfEachCall() throws Exception {
        PythonScriptEngine engine = engines.engine();
        CompiledScript square = engine.compile("result = n * n\nresult");
        assertSame(engine, square.getEngine());
        for (int n = 1; n <= 5; n++) {
            Bindings bindings = engine.createBindings();
            bindings.put("n", n);
            assertEquals((long) n * n, square.eval(bindings));
            assertEquals((long) n * n, bindings.get("result"));
        }
        engine.put("n", 12);
        assertEquals(144L, square.eval());
        assertEquals(144L, engine.compile(new StringReader("n * n")).eval());
    }

    @Test
    void syntaxErrorsShowAtCompileTimeAndNothingRuns() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put(ScriptEngine.FILENAME, "module.py");
        ScriptException error = assertThrows(ScriptException.class, () -> engine.compile("ran = True\n\nif ran\n    pass\n"));
        assertEquals("module.py", error.getFileName());
        assertEquals(3, error.getLineNumber());
        assertTrue(error.getColumnNumber() > 0, "column " + error.getColumnNumber());
        engine.compile("ran = True");
        assertEquals(false, engine.eval("'ran' in globals()"), "compiling runs nothing");
    }

    @Test
    void aCompiledScriptKeepsTheFileNameItWasCompiledUnder() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put(ScriptEngine.FILENAME, "compiled.py");
        CompiledScript failing = engine.compile("x = 1\nraise RuntimeError('boom')");
        engine.put(ScriptEngine.FILENAME, "other.py");
        ScriptException error = assertThrows(ScriptException.class, failing::eval);
        assertEquals("compiled.py", error.getFileName());
        assertEquals(2, error.getLineNumber());
    }

    @Test
    void aCompiledScriptRunsOnANewWorkerAfterACrash() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put("base", 40);
        CompiledScript script = engine.compile("base + 2");
        assertEquals(42L, script.eval());
        WorkerKill.killAndAwaitReplacement(engines.bridge());
        assertEquals(42L, script.eval(), "the new worker compiled it from the source the script keeps");
    }
}
