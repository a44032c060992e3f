package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import javax.script.SimpleScriptContext;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval, bindings, output and errors, against a real Python worker. */
@ExtendWith(NoProcessLeft.class)
class ScriptEngineIT {

    private final TestingEngines engines = new TestingEngines();

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void evalReturnsTheValueOfAFinalExpression() throws Exception {
        PythonScriptEngine engine = engines.engine();
        assertEquals(42L, engine.eval("6 * 7"));
        assertNull(engine.eval("x = 20"));
        assertEquals(42L, engine.eval("y = 22\nx + y"));
        assertNull(engine.eval("for i in range(3):\n    i"));
        assertEquals("read", engine.eval(new StringReader("'re' + 'ad'")));
    }

    @Test
    void aFactoryOverABridgeAsksItsWorkerForTheLanguageVersion() throws Exception {
        PythonScriptEngine engine = engines.engine();
        assertEquals(engine.eval("import platform\nplatform.python_version()"), engine.getFactory().getLanguageVersion());
    }

    @Test
    void bindingsRoundTripUnicodeBigIntegersNestedListsAndMapsAndNull() throws Exception {
        PythonScriptEngine engine = engines.engine();
        BigInteger big = BigInteger.TWO.pow(100);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1L, List.of("deep", 2.5), Arrays.asList(null, true)));
        nested.put("map", Map.of("k", Map.of("inner", "värde")));
        nested.put("none", null);
        engine.put("text", "naïve ☃ 😀 \u2028 ok");
        engine.put("big", big);
        engine.put("nested", nested);
        engine.put("nothing", null);

        assertEquals(List.of("str", "int", "dict", true), engine.eval("[type(text).__name__, type(big).__name__, type(nested).__name__, nothing is None]"));
        engine.eval("text_copy = text\nbig_copy = big + 1\nnested_copy = nested\nnothing_copy = nothing");

        assertEquals("naïve ☃ 😀 \u2028 ok", engine.get("text_copy"));
        assertEquals(big.add(BigInteger.ONE), engine.get("big_copy"));
        assertEquals(nested, engine.get("nested_copy"));
        assertTrue(engine.getBindings(ScriptContext.ENGINE_SCOPE).containsKey("nothing_copy"));
        assertNull(engine.get("nothing_copy"));
    }

    @Test
    void changesMadeInPlaceAndDeletionsAreWrittenBack() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put("items", new ArrayList<>(List.of(1, 2)));
        engine.eval("items.append(3)\nimport math\ndef helper():\n    pass\ngone = 1");
        assertEquals(List.of(1L, 2L, 3L), engine.get("items"));
        Bindings bindings = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertFalse(bindings.containsKey("math"), "modules stay in Python");
        assertFalse(bindings.containsKey("helper"), "functions stay in Python");
        assertEquals(1L, engine.get("gone"));
        engine.eval("del gone");
        assertFalse(bindings.containsKey("gone"));
    }

    @Test
    void bindingsThatCannotCrossAreSkippedOrConverted() throws Exception {
        PythonScriptEngine engine = engines.engine();
        Date when = new Date(0);
        engine.put("engine", engine);
        engine.put("arguments", new String[] {"a", "b"});
        engine.put("when", when);
        engine.put("javax.script.custom", 1);
        assertEquals(List.of("a", "b"), engine.eval("arguments"));
        assertEquals(false, engine.eval("'engine' in globals() or 'when' in globals()"));
        assertSame(engine, engine.get("engine"), "skipped bindings stay as they were");
        assertSame(when, engine.get("when"));
    }

    @Test
    void globalScopeIsVisibleAndAssignmentsGoToEngineScope() throws Exception {
        PythonScriptEngine engine = engines.engine();
        Bindings global = new SimpleBindings();
        global.put("shared", 1);
        global.put("hidden", "global");
        engine.setBindings(global, ScriptContext.GLOBAL_SCOPE);
        engine.put("hidden", "engine");
        assertEquals(List.of(1L, "engine"), engine.eval("[shared, hidden]"));
        engine.eval("shared = 5");
        assertEquals(5L, engine.getBindings(ScriptContext.ENGINE_SCOPE).get("shared"));
        assertEquals(1, global.get("shared"));
    }

    @Test
    void outputGoesToTheWritersOfTheContextOfEachCall() throws Exception {
        PythonScriptEngine engine = engines.engine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        engine.getContext().setWriter(out);
        engine.getContext().setErrorWriter(err);
        engine.eval("import sys\nprint('to out')\nsys.stderr.write('to err\\n')");
        assertEquals("to out\n", out.toString());
        assertEquals("to err\n", err.toString());

        SimpleScriptContext other = new SimpleScriptContext();
        StringWriter otherOut = new StringWriter();
        other.setWriter(otherOut);
        engine.eval("print('elsewhere')", other);
        assertEquals("elsewhere\n", otherOut.toString());
        assertEquals("to out\n", out.toString());
    }

    @Test
    void outputStatementsOfTheFactoryPrintTheirTextExactly() throws Exception {
        PythonScriptEngine engine = engines.engine();
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        String text = "it's \"quoted\" \\ back\nslash\ttab \u0001 ☃ 😀";
        engine.eval(engine.getFactory().getOutputStatement(text));
        assertEquals(text + "\n", out.toString());
        String program = engine.getFactory().getProgram("a = 'x'", engine.getFactory().getMethodCallSyntax("a", "upper"));
        assertEquals("X", engine.eval(program));
    }

    @Test
    void filenameAndArgvAreHonoured() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put(ScriptEngine.FILENAME, "job.py");
        engine.put(ScriptEngine.ARGV, new String[] {"--fast", "ünï"});
        assertEquals(List.of(List.of("job.py", "--fast", "ünï"), "job.py"), engine.eval("import sys\n[sys.argv, __file__]"));
        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove(ScriptEngine.ARGV);
        assertEquals(List.of("job.py"), engine.eval("sys.argv"));
    }

    @Test
    void errorsCarryTheFileLineAndWholeTraceback() throws Exception {
        PythonScriptEngine engine = engines.engine();
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.put(ScriptEngine.FILENAME, "lib.py");
        engine.eval("import json\n\ndef parse(text):\n    return json.loads(text)\n");
        engine.put(ScriptEngine.FILENAME, "main.py");

        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("print('before')\nx = 1\nparse('{')\n"));
        assertEquals("lib.py", error.getFileName());
        assertEquals(4, error.getLineNumber(), "the innermost script line, not json's own code");
        assertEquals(-1, error.getColumnNumber());
        assertTrue(error.getMessage().startsWith("Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>"), error.getMessage());
        assertTrue(error.getMessage().contains("json.decoder.JSONDecodeError: Expecting property name"), error.getMessage());
        assertEquals("json.decoder.JSONDecodeError", assertInstanceOf(PythonException.class, error.getCause()).pythonType());
        assertEquals("before\n", out.toString(), "output printed before the error still arrives");

        error = assertThrows(ScriptException.class, () -> engine.eval("a = 1\nb = 2\nc = (a +* b)\n"));
        assertEquals("main.py", error.getFileName());
        assertEquals(3, error.getLineNumber());
        assertEquals(9, error.getColumnNumber(), "the column of the '*'");
        assertTrue(error.getMessage().contains("SyntaxError: invalid syntax"), error.getMessage());

        error = assertThrows(ScriptException.class, () -> engine.eval("\n\n\n\nraise ValueError('line five')"));
        assertEquals(5, error.getLineNumber());
        assertEquals(1L, engine.eval("1"), "the engine keeps working");
    }

    @Test
    void incompleteCodeIsASyntaxErrorOutsideThePrompt() {
        PythonScriptEngine engine = engines.engine();
        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("def f(x):"));
        assertTrue(error.getMessage().contains("IndentationError: expected an indented block"), error.getMessage());
        assertEquals(1, error.getLineNumber());
    }

    @Test
    void linesTypedAtThePromptAreGatheredIntoStatements() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put(ScriptEngine.FILENAME, "<STDIN>");
        assertNull(engine.eval("def double(x):"));
        assertNull(engine.eval("    y = x * 2"));
        assertNull(engine.eval("    return y"));
        assertNull(engine.eval(""));
        assertEquals(42L, engine.eval("double(21)"));
        assertNull(engine.eval("items = [1,"));
        assertNull(engine.eval("2]"));
        assertEquals(List.of(1L, 2L), engine.eval("items"));

        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("def broken(:"));
        assertEquals("<STDIN>", error.getFileName());
        assertEquals(1, error.getLineNumber());
        assertEquals(3L, engine.eval("1 + 2"), "invalid input was dropped");
        assertEquals(3L, engine.eval("a = 1\nb = 2\na + b"), "several lines at once are a script, not a typed line");
    }

    @Test
    void evalWithOwnBindingsAndSetContext() throws Exception {
        PythonScriptEngine engine = engines.engine();
        Bindings bindings = engine.createBindings();
        assertInstanceOf(TrackedBindings.class, bindings, "bindings that count their changes");
        bindings.put("n", 21);
        assertEquals(42L, engine.eval("m = n * 2\nm", bindings));
        assertEquals(42L, bindings.get("m"), "written back to the bindings of that call");
        assertNull(engine.getBindings(ScriptContext.ENGINE_SCOPE).get("m"));

        SimpleScriptContext context = new SimpleScriptContext();
        context.setAttribute("n", 4, ScriptContext.ENGINE_SCOPE);
        engine.setContext(context);
        assertEquals(8L, engine.eval("n * 2"));
        assertSame(context, engine.getContext());
    }

    @Test
    void twoEnginesAreIsolated() throws Exception {
        PythonScriptEngine first = engines.engine();
        PythonScriptEngine second = engines.engine();
        first.eval("x = 'first'\ndef only_first():\n    return 1");
        second.eval("x = 'second'");
        assertEquals("first", first.eval("x"));
        assertEquals("second", second.eval("x"));
        assertEquals(false, second.eval("'only_first' in globals()"));
        assertThrows(NoSuchMethodException.class, () -> second.invokeFunction("only_first"));
        assertFalse(first.sessionId().equals(second.sessionId()));
    }

    @Test
    void aClosedEngineFreesItsSessionAndRefusesCalls() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.eval("kept = 1");
        engine.close();
        PythonException gone = assertThrows(PythonException.class,
                () -> engines.bridge().call(Call.eval("kept").inSession(engine.sessionId())));
        assertEquals("NameError", gone.pythonType());
        assertThrows(IllegalStateException.class, () -> engine.eval("1"));
        engine.close();
    }

    @Test
    void aRestartedWorkerGetsTheSessionBackByReplay() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put("x", 41);
        engine.eval("def next_x():\n    return x + 1\n");
        WorkerKill.killAndAwaitReplacement(engines.bridge());
        assertEquals(42L, engine.invokeFunction("next_x"), "the bridge replayed the engine's evals on the new worker");
        assertEquals(41L, engine.eval("x"));
    }

    @Test
    void aWorkerThatLostTheSessionWithoutAReplayGetsAllBindingsAgain() throws Exception {
        try (PythonScriptEngine engine = PythonScriptEngineFactory.over(new TestingBridgeWithoutReplay(engines.bridge())).getScriptEngine()) {
            engine.put("x", 41);
            engine.eval("def next_x():\n    return x + 1\n");
            WorkerKill.killAndAwaitReplacement(engines.bridge());
            assertEquals(42L, engine.eval("x + 1"), "the worker answered StaleBindings, and the engine sent every binding");
            assertThrows(NoSuchMethodException.class, () -> engine.invokeFunction("next_x"), "without a replay, definitions are gone");
        }
    }
}
