package dev.pybridge.jsr223;

import org.junit.jupiter.api.Test;

import javax.script.ScriptEngine;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory's metadata and code writing, without Python. */
class PythonScriptEngineFactoryTest {

    private final PythonScriptEngineFactory factory = new PythonScriptEngineFactory();

    @Test
    void namesStartWithAUniqueOne() {
        assertEquals(List.of("cpython", "python3", "python", "py"), factory.getNames());
        assertEquals("PyBridge CPython", factory.getEngineName());
        assertEquals(List.of("py"), factory.getExtensions());
        assertEquals(List.of("text/x-python", "text/python", "application/x-python", "application/python"), factory.getMimeTypes());
        assertEquals("python", factory.getLanguageName());
        assertTrue(factory.getEngineVersion().matches("\\d+\\.\\d+\\.\\d+.*"), factory.getEngineVersion());
        assertThrows(UnsupportedOperationException.class, () -> factory.getNames().add("jython"));
    }

    @Test
    void everyStandardParameterIsAnswered() {
        assertEquals(factory.getEngineName(), factory.getParameter(ScriptEngine.ENGINE));
        assertEquals(factory.getEngineVersion(), factory.getParameter(ScriptEngine.ENGINE_VERSION));
        assertEquals("cpython", factory.getParameter(ScriptEngine.NAME));
        assertEquals("python", factory.getParameter(ScriptEngine.LANGUAGE));
        assertEquals("MULTITHREADED", factory.getParameter("THREADING"));
        assertNull(factory.getParameter("no.such.key"));
        assertThrows(NullPointerException.class, () -> factory.getParameter(null));
    }

    @Test
    void writesPythonThree() {
        assertEquals("counter.add(1, x)", factory.getMethodCallSyntax("counter", "add", "1", "x"));
        assertEquals("obj.run()", factory.getMethodCallSyntax("obj", "run"));
        assertEquals("print('it\\'s \\\\ \"fine\"\\n\\x00 ☃ 😀')", factory.getOutputStatement("it's \\ \"fine\"\n\u0000 ☃ 😀"));
        assertEquals("print('\\udc80')", factory.getOutputStatement("\udc80"), "a lone surrogate cannot be UTF-8 source");
        assertEquals("a = 1\nprint(a)", factory.getProgram("a = 1", "print(a)"));
    }

    @Test
    void makingTheFactoryAndItsEnginesStartsNoProcess() throws Exception {
        Set<Long> before = descendants();
        PythonScriptEngineFactory fresh = new PythonScriptEngineFactory();
        try (PythonScriptEngine first = fresh.getScriptEngine(); PythonScriptEngine second = fresh.getScriptEngine()) {
            assertNotSame(first, second);
            assertFalse(first.sessionId().equals(second.sessionId()));
            first.put("x", 1);
            assertEquals(before, descendants());
        }
        fresh.close();
        assertEquals(before, descendants(), "closing engines that never ran starts nothing either");
    }

    @Test
    void pythonNamesKeepSettingsOut() {
        assertTrue(BindingsMirror.isPythonName("_private1"));
        assertTrue(BindingsMirror.isPythonName("naïve"));
        assertFalse(BindingsMirror.isPythonName("javax.script.filename"));
        assertFalse(BindingsMirror.isPythonName("1st"));
        assertFalse(BindingsMirror.isPythonName(""));
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
