package dev.pybridge.jsr223;

import dev.pybridge.api.PyRef;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.ScriptException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invocable: functions, methods on handles, interfaces, against a real Python worker. */
@ExtendWith(NoProcessLeft.class)
class InvocableIT {

    private static final String COUNTER = "class Counter:\n"
            + "    def __init__(self, start):\n"
            + "        self.n = start\n"
            + "    def add(self, k):\n"
            + "        self.n += k\n"
            + "        return self.n\n"
            + "    def label(self):\n"
            + "        return f'counter at {self.n}'\n";

    private final TestingEngines engines = new TestingEngines();

    @AfterEach
    void close() {
        engines.close();
    }

    /** Implemented by Python functions in the tests. */
    public interface Calculator {
        int add(int a, int b);

        double half(long value);

        default String describe() {
            return "sum " + add(2, 3);
        }
    }

    /** Implemented by a Python object's methods in the tests. */
    public interface Tally {
        long add(long k);

        String label();
    }

    /** Declares ScriptException, so that a Python error reaches it as one. */
    public interface Failing {
        void fail() throws ScriptException;
    }

    @Test
    void invokeFunctionPassesValuesBothWaysAndWritesBackGlobals() throws Exception {
        PythonScriptEngine engine = engines.engine();
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.eval("calls = 0\ndef echo(*values):\n    global calls\n    calls += 1\n    print('echo', len(values))\n    return list(values)");
        List<Object> values = Arrays.asList("ünïcode ☃", BigInteger.TEN.pow(30), List.of(1L, List.of(2L)), Map.of("k", List.of()), null);
        assertEquals(values, engine.invokeFunction("echo", values.toArray()));
        assertEquals("echo 5\n", out.toString());
        assertEquals(1L, engine.get("calls"));
        assertEquals(List.of(), engine.invokeFunction("echo"));
    }

    @Test
    void aMissingOrUncallableFunctionIsNoSuchMethod() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.eval("value = 3");
        NoSuchMethodException missing = assertThrows(NoSuchMethodException.class, () -> engine.invokeFunction("nowhere"));
        assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
        assertThrows(NoSuchMethodException.class, () -> engine.invokeFunction("value"));
        assertThrows(NullPointerException.class, () -> engine.invokeFunction(null));
    }

    @Test
    void anErrorInsideAFunctionIsAScriptExceptionAtItsLine() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put(javax.script.ScriptEngine.FILENAME, "funcs.py");
        engine.eval("def check(n):\n    if n < 0:\n        raise ValueError(f'negative: {n}')\n    return n\n");
        ScriptException error = assertThrows(ScriptException.class, () -> engine.invokeFunction("check", -1));
        assertEquals("funcs.py", error.getFileName());
        assertEquals(3, error.getLineNumber());
        assertTrue(error.getMessage().contains("ValueError: negative: -1"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> engine.invokeFunction("check", new Object()), "arguments that cannot cross");
    }

    @Test
    void invokeMethodCallsMethodsOfObjectsReturnedAsHandles() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.eval(COUNTER);
        PyRef counter = assertInstanceOf(PyRef.class, engine.eval("Counter(40)"));
        assertEquals("__main__.Counter", counter.type());
        assertEquals(engine.sessionId(), counter.session());
        assertEquals(42L, engine.invokeMethod(counter, "add", 2));
        assertEquals("counter at 42", engine.invokeMethod(counter, "label"));
        assertThrows(NoSuchMethodException.class, () -> engine.invokeMethod(counter, "subtract", 1));

        engine.put("same", counter);
        assertEquals(true, engine.eval("same.n == 42"), "a handle in the bindings is the object again");
        assertEquals(List.of(counter), engine.eval("[same]"), "the same object keeps its handle");
    }

    @Test
    void invokeMethodRefusesWhatIsNotAHandleOfThisEngine() throws Exception {
        PythonScriptEngine engine = engines.engine();
        PythonScriptEngine other = engines.engine();
        PyRef foreign = (PyRef) other.eval("object()");
        assertThrows(IllegalArgumentException.class, () -> engine.invokeMethod(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> engine.invokeMethod("text", "upper"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> engine.invokeMethod(foreign, "__str__"));
        assertTrue(error.getMessage().contains("another engine"), error.getMessage());
        engine.put("foreign", foreign);
        assertEquals(false, engine.eval("'foreign' in globals()"), "another engine's handle does not cross as a binding");
    }

    @Test
    void getInterfaceProxiesFunctionsAndReturnsNullWhenOneIsMissing() throws Exception {
        PythonScriptEngine engine = engines.engine();
        assertNull(engine.getInterface(Calculator.class));
        engine.eval("def add(a, b):\n    return a + b\n");
        assertNull(engine.getInterface(Calculator.class), "half is still missing");
        engine.eval("def half(value):\n    return value / 2\n");
        Calculator calculator = engine.getInterface(Calculator.class);
        assertNotNull(calculator);
        assertEquals(42, calculator.add(40, 2));
        assertEquals(10.5, calculator.half(21));
        assertEquals("sum 5", calculator.describe());
        assertTrue(calculator.toString().contains("Calculator"), calculator.toString());
        assertThrows(IllegalArgumentException.class, () -> engine.getInterface(String.class));
        assertThrows(IllegalArgumentException.class, () -> engine.getInterface(null));

        engine.eval("def add(a, b):\n    return 'not a number'\n");
        assertThrows(ClassCastException.class, () -> calculator.add(1, 2));
    }

    @Test
    void getInterfaceOnAHandleProxiesItsMethods() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.eval(COUNTER);
        Object counter = engine.eval("Counter(0)");
        Tally tally = engine.getInterface(counter, Tally.class);
        assertEquals(5L, tally.add(5));
        assertEquals("counter at 5", tally.label());
        assertNull(engine.getInterface(engine.eval("object()"), Tally.class));
        assertThrows(IllegalArgumentException.class, () -> engine.getInterface("not a handle", Tally.class));
    }

    @Test
    void pythonErrorsThroughAProxyKeepTheirType() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.eval("def fail():\n    raise KeyError('missing')\ndef add(a, b):\n    raise ValueError('no')\ndef half(v):\n    return v\n");
        ScriptException declared = assertThrows(ScriptException.class, () -> engine.getInterface(Failing.class).fail());
        assertTrue(declared.getMessage().contains("KeyError"), declared.getMessage());
        PythonException undeclared = assertThrows(PythonException.class, () -> engine.getInterface(Calculator.class).add(1, 2));
        assertEquals("ValueError", undeclared.pythonType());
    }
}
