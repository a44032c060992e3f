package dev.pybridge.jsr223;

import dev.pybridge.api.PyValues;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.protocol.MessageCodec;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A binding too large for one message to Python: a ScriptException that names it, for as long as it is there. */
@ExtendWith(NoProcessLeft.class)
class LargeBindingIT {

    private static final int FRAME_LIMIT = 64 << 10;
    private static final String TOO_LARGE = "x".repeat(FRAME_LIMIT);
    // What it is on the wire: its UTF-8 bytes in a buffer beside a little JSON (python/PROTOCOL.md, "Binary payloads").
    private static final int TOO_LARGE_BYTES = new MessageCodec(BridgeConfig.MAX_FRAME_BYTES).encodeValue(TOO_LARGE).length;

    private final TestingEngines engines = new TestingEngines(TestingPython.config().maxFrameBytes(FRAME_LIMIT).build());

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void aBindingLargerThanTheFrameLimitFailsEachEvalByNameUntilItIsRemoved() throws Exception {
        PythonScriptEngine engine = engines.engine();
        engine.put("small", 1);
        engine.eval("seen = small");
        engine.put("big", TOO_LARGE);

        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("ran = True"));
        assertMentions(error, "'big'", "ENGINE_SCOPE", TOO_LARGE_BYTES + " bytes", "maximum frame of " + FRAME_LIMIT + " bytes",
                "maxFrameBytes", "remove it");
        assertInstanceOf(IllegalArgumentException.class, error.getCause());
        ScriptException again = assertThrows(ScriptException.class, () -> engine.eval("ran = True"));
        assertEquals(error.getMessage(), again.getMessage(), "every eval fails the same while the binding is there");

        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove("big");
        assertEquals(false, engine.eval("'ran' in globals() or 'big' in globals()"), "nothing ran, and the binding never reached Python");
        engine.put("small", 2);
        assertEquals(2L, engine.eval("seen = small\nseen"), "the other bindings travel as before");
    }

    @Test
    void aLargeBindingOfTheGlobalScopeIsNamedWithItsScope() throws Exception {
        PythonScriptEngine engine = engines.engine();
        Bindings global = new SimpleBindings();
        global.put("shared", TOO_LARGE);
        engine.setBindings(global, ScriptContext.GLOBAL_SCOPE);

        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("1"));
        assertMentions(error, "'shared'", "GLOBAL_SCOPE");
        global.put("shared", "small now");
        assertEquals("SMALL NOW", engine.eval("shared.upper()"));
    }

    @Test
    void aScriptLargerThanTheFrameLimitIsAScriptExceptionThatSaysSo() {
        PythonScriptEngine engine = engines.engine();
        engine.put("small", 1);
        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("s = '" + TOO_LARGE + "'"));
        assertMentions(error, "the script", "maximum frame of " + FRAME_LIMIT + " bytes");
    }

    @Test
    void aBindingNestedTooDeepForTheRequestIsAScriptExceptionThatSaysSo() throws Exception {
        PythonScriptEngine engine = engines.engine();
        Object deep = 1L;
        for (int level = 0; level < PyValues.MAX_DEPTH; level++) {
            deep = List.of(deep);
        }
        engine.put("deep", deep);
        ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("1"));
        assertMentions(error, "args.bindings.deep[0]", "nested more than " + PyValues.MAX_DEPTH + " levels");
        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove("deep");
        assertEquals(1L, engine.eval("1"));
    }

    private static void assertMentions(ScriptException error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), "'" + part + "' is missing from: " + error.getMessage());
        }
    }
}
