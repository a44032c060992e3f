package dev.pybridge.jsr223;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.SimpleBindings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an eval sends of its bindings, seen in the requests that cross to a real worker. */
@ExtendWith(NoProcessLeft.class)
class BindingsTrafficIT {

    // Over SeenBinding.CONTENT_CHECK_BYTES as JSON, so compared by identity.
    private static final int LARGE = SeenBinding.CONTENT_CHECK_BYTES + 1;

    private final TestingEngines engines = new TestingEngines();
    private TestingRecordingBridge wire;

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void unchangedBindingsAreNotSentAgainWhateverTheirSize() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        engine.put("text", "x".repeat(1 << 20));
        engine.put("data", new byte[LARGE]);
        engine.put("n", 7);
        engine.put("small", new ArrayList<>(List.of(1, 2)));
        engine.eval("made = [n]");
        assertEquals(Set.of("text", "data", "n", "small"), wire.last().bindings());

        assertEquals(List.of(7L, 1048576L, 2L), engine.eval("[n, len(text), len(small)]"));
        assertEquals(Set.of(), wire.last().bindings(), "nothing changed, nothing sent: not even what Python wrote back");
        assertTrue(wire.last().incremental());
        engine.put("n", 7);
        engine.put("text", engine.get("text"));
        engine.eval("1");
        assertEquals(Set.of(), wire.last().bindings(), "the same object, or an equal immutable one, is not sent");
    }

    @Test
    void changedAddedAndRemovedBindingsReachPython() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        engine.put("a", 1);
        engine.put("b", "gone soon");
        engine.eval("made = 1");
        engine.put("a", 2);
        engine.put("c", List.of(3));
        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove("b");
        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove("made");

        assertEquals(List.of(2L, List.of(3L), false, false), engine.eval("[a, c, 'b' in globals(), 'made' in globals()]"));
        assertEquals(Set.of("a", "c"), wire.last().bindings());
        assertEquals(Set.of("b", "made"), Set.copyOf(wire.last().unbind()));
    }

    @Test
    void smallMutableValuesAreReadAgainAtEachEvalLargeOnesWhenPutAgain() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        List<Object> small = new ArrayList<>(List.of(1));
        List<Object> large = new ArrayList<>(Collections.nCopies(LARGE / 2, 0));
        engine.put("small", small);
        engine.put("large", large);
        engine.eval("1");

        small.add(2);
        large.add(9);
        assertEquals(List.of(2L, (long) LARGE / 2), engine.eval("[len(small), len(large)]"), "in-place change: seen for the small list only");
        assertEquals(Set.of("small"), wire.last().bindings());
        engine.put("large", large);
        assertEquals(LARGE / 2 + 1L, engine.eval("len(large)"), "put again: sent");
        assertEquals(Set.of("large"), wire.last().bindings());
    }

    @Test
    void aLargeMutableValueIsNotReadAgainWhileUnchanged() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        CountingList large = new CountingList(LARGE / 2);
        engine.put("large", large);
        engine.eval("1");
        int reads = large.reads;
        engine.eval("2");
        engine.eval("3");
        assertEquals(reads, large.reads, "an eval that sends nothing does not encode it either");
    }

    /** A list of zeros that counts how often it is read whole. */
    private static final class CountingList extends java.util.AbstractList<Object> {
        private final int size;
        private int reads;

        CountingList(int size) {
            this.size = size;
        }

        @Override
        public Object get(int index) {
            return 0;
        }

        @Override
        public java.util.Iterator<Object> iterator() {
            reads++;
            return super.iterator();
        }

        @Override
        public int size() {
            return size;
        }
    }

    @Test
    void bindingsTheEngineDidNotMakeAreComparedNameByName() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        Bindings own = new SimpleBindings(new java.util.HashMap<>(Map.of("x", 1, "keep", "same", "gone", 0)));
        List<Object> items = new ArrayList<>(List.of(1));
        own.put("items", items);
        Bindings global = new SimpleBindings();
        global.put("shared", "g");
        engine.setBindings(own, ScriptContext.ENGINE_SCOPE);
        engine.setBindings(global, ScriptContext.GLOBAL_SCOPE);
        engine.eval("1");
        assertEquals(Set.of("x", "keep", "gone", "items", "shared"), wire.last().bindings(), "a Bindings object not seen before: sent whole");

        own.put("x", 2);
        own.remove("gone");
        items.add(2);
        global.put("shared", "h");
        assertEquals(List.of(2L, false, 2L, "h"), engine.eval("[x, 'gone' in globals(), len(items), shared]"));
        assertEquals(Set.of("x", "items", "shared"), wire.last().bindings());
        assertEquals(List.of("gone"), wire.last().unbind());
        engine.eval("1");
        assertEquals(Set.of(), wire.last().bindings());
    }

    @Test
    void aWorkerThatLostTheSessionGetsEveryBindingAgain() throws Exception {
        PythonScriptEngine engine = engine(new TestingBridgeWithoutReplay(engines.bridge()));
        engine.put("x", 41);
        engine.put("text", "t");
        engine.eval("y = x");
        WorkerKill.killAndAwaitReplacement(engines.bridge());
        int before = wire.count();

        assertEquals(List.of(42L, "t", 41L), engine.eval("[x + 1, text, y]"));
        List<TestingRecordingBridge.Sent> sent = wire.since(before);
        assertEquals(2, sent.size(), "the incremental eval, answered StaleBindings, then the full one: " + sent);
        assertTrue(sent.get(0).incremental());
        assertFalse(sent.get(1).incremental());
        assertEquals(Set.of("x", "text", "y"), sent.get(1).bindings(), "every binding, what Python wrote back included");
    }

    @Test
    void aReplayedSessionNeedsNothingSentAgain() throws Exception {
        PythonScriptEngine engine = engine(engines.bridge());
        engine.put("x", 41);
        engine.eval("1");
        engine.put("x", 42);
        engine.eval("1");
        WorkerKill.killAndAwaitReplacement(engines.bridge());

        assertEquals(42L, engine.eval("x"), "the bridge replayed both evals, in order, on the new worker");
        assertEquals(Set.of(), wire.last().bindings());
    }

    private PythonScriptEngine engine(PythonBridge bridge) {
        wire = new TestingRecordingBridge(bridge);
        PythonScriptEngine engine = PythonScriptEngineFactory.over(wire).getScriptEngine();
        engines.adopt(engine);
        return engine;
    }
}
