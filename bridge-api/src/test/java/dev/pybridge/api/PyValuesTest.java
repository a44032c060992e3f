package dev.pybridge.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pybridge.api.PyValues.Kind.BIG_INTEGER;
import static dev.pybridge.api.PyValues.Kind.BOOLEAN;
import static dev.pybridge.api.PyValues.Kind.BYTES;
import static dev.pybridge.api.PyValues.Kind.FLOAT;
import static dev.pybridge.api.PyValues.Kind.INTEGER;
import static dev.pybridge.api.PyValues.Kind.LIST;
import static dev.pybridge.api.PyValues.Kind.MAP;
import static dev.pybridge.api.PyValues.Kind.NONE;
import static dev.pybridge.api.PyValues.Kind.REF;
import static dev.pybridge.api.PyValues.Kind.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyValuesTest {

    @Test
    void kindsOfSupportedValues() {
        assertEquals(NONE, PyValues.kindOf(null));
        assertEquals(BOOLEAN, PyValues.kindOf(true));
        assertEquals(INTEGER, PyValues.kindOf((byte) 1));
        assertEquals(INTEGER, PyValues.kindOf(1));
        assertEquals(INTEGER, PyValues.kindOf(1L));
        assertEquals(BIG_INTEGER, PyValues.kindOf(BigInteger.TEN));
        assertEquals(FLOAT, PyValues.kindOf(1.5f));
        assertEquals(FLOAT, PyValues.kindOf(Double.NaN));
        assertEquals(STRING, PyValues.kindOf('c'));
        assertEquals(BYTES, PyValues.kindOf(new byte[] {1}));
        assertEquals(LIST, PyValues.kindOf(new short[] {1}));
        assertEquals(PyValues.Kind.ARRAY, PyValues.kindOf(new int[] {1}));
        assertEquals(PyValues.Kind.ARRAY, PyValues.kindOf(new double[] {1}));
        assertEquals(PyValues.Kind.ARRAY, PyValues.kindOf(NdArray.of(new float[] {1})));
        assertEquals(LIST, PyValues.kindOf(Set.of(1)));
        assertEquals(MAP, PyValues.kindOf(Map.of()));
        assertEquals(REF, PyValues.kindOf(new PyRef("s", 1, "set")));
    }

    @Test
    void refsAreValidatedAndReadLikeAPythonRepr() {
        assertThrows(IllegalArgumentException.class, () -> new PyRef("s", 0, "set"));
        assertThrows(IllegalArgumentException.class, () -> new PyRef(" ", 1, "set"));
        assertEquals("<__main__.Counter object, ref 2 of session s>", new PyRef("s", 2, "__main__.Counter").toString());
        assertTrue(PyValues.deepEquals(List.of(new PyRef("s", 2, "t")), List.of(new PyRef("s", 2, "t"))));
    }

    @Test
    void unsupportedValuesAreNamedWithTheirPlace() {
        Map<String, Object> args = Map.of("rows", List.of(1, Map.of("when", new Date(0))));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PyValues.requireSupported("args", args));
        assertTrue(error.getMessage().startsWith("args.rows[1].when is a java.util.Date, which cannot cross to Python"), error.getMessage());

        error = assertThrows(IllegalArgumentException.class, () -> PyValues.requireSupported("value", BigDecimal.ONE));
        assertTrue(error.getMessage().contains("java.math.BigDecimal"), error.getMessage());
    }

    @Test
    void mapKeysMustBeStrings() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PyValues.requireSupported("args", Map.of("m", Map.of(1, "one"))));
        assertTrue(error.getMessage().contains("args.m has a key of type java.lang.Integer"), error.getMessage());
    }

    @Test
    void selfContainingValuesAreRefused() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PyValues.requireSupported("value", loop));
        assertTrue(error.getMessage().contains("does the value contain itself"), error.getMessage());
    }

    @Test
    void deepEqualsComparesAsPythonWould() {
        assertTrue(PyValues.deepEquals(1, 1L));
        assertTrue(PyValues.deepEquals(BigInteger.ONE, 1L));
        assertTrue(PyValues.deepEquals(new byte[] {1, 2}, new byte[] {1, 2}));
        assertTrue(PyValues.deepEquals(new short[] {1, 2}, List.of(1L, 2L)));
        assertTrue(PyValues.deepEquals(new int[] {1, 2}, NdArray.of(new int[] {1, 2})));
        assertFalse(PyValues.deepEquals(new int[] {1, 2}, NdArray.of(new long[] {1, 2})));
        assertTrue(PyValues.deepEquals(Double.NaN, Double.NaN));
        assertTrue(PyValues.deepEquals('a', "a"));
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("b", List.of(new byte[] {3}));
        withNull.put("a", null);
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("a", null);
        reordered.put("b", List.of(new byte[] {3}));
        assertTrue(PyValues.deepEquals(withNull, reordered));
        assertFalse(PyValues.deepEquals(withNull, Map.of("b", List.of(new byte[] {3}))));
        assertFalse(PyValues.deepEquals(1, 1.0));
        assertFalse(PyValues.deepEquals(List.of(1), List.of(1, 2)));
        assertFalse(PyValues.deepEquals(Map.of("a", 1), Map.of("b", 1)));
    }

    @Test
    void anErrorAboutADeepValueNamesItsPathShortly() {
        Object deep = "leaf";
        for (int i = 0; i < 1000; i++) {
            deep = List.of(deep);
        }
        Object value = deep;
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PyValues.requireSupported("args", value));
        assertTrue(error.getMessage().length() < 250, error.getMessage());
        assertTrue(error.getMessage().startsWith("args[0][0]"), error.getMessage());
    }
}
