package dev.pybridge.core;

import dev.pybridge.api.Call;
import dev.pybridge.api.NdArray;
import dev.pybridge.api.PyValues;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.internal.protocol.PythonValues;
import dev.pybridge.testing.TestingPython;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arrays of every dtype and shape survive the trip Java, Python, Java through real workers: one
 * with numpy (where it is installed; skipped, saying so, where it is not: {@link RequiresNumpy})
 * and one on which numpy is hidden, so that the standard-library path always runs.
 */
class ArrayRoundTripIT {

    private static final int FRAME_LIMIT = 1 << 20;
    private static SingleProcessBridge withNumpy;
    private static SingleProcessBridge withoutNumpy;
    private static Path hidden;

    @BeforeContainer
    static void start() throws IOException {
        BridgeConfig config = TestingPython.config().maxFrameBytes(FRAME_LIMIT).build();
        withNumpy = SingleProcessBridge.start(config);
        // A package named numpy that fails to import, ahead of the real one on the import path.
        hidden = Files.createTempDirectory("pybridge-no-numpy");
        Files.createDirectories(hidden.resolve("numpy"));
        Files.writeString(hidden.resolve("numpy").resolve("__init__.py"), "raise ImportError('numpy is hidden for this test')\n");
        withoutNumpy = SingleProcessBridge.start(config.toBuilder()
                .python(config.python().withVariable("PYTHONPATH", hidden.toString())).build());
        withNumpy.exec("def pybridge_kind(value):\n    return type(value).__module__ + '.' + type(value).__name__");
        withoutNumpy.exec("def pybridge_kind(value):\n    return type(value).__module__ + '.' + type(value).__name__");
    }

    @AfterContainer
    static void stop() throws IOException {
        withNumpy.close();
        withoutNumpy.close();
        try (Stream<Path> files = Files.walk(hidden)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 200)
    void everyArrayComesBackUnchangedWithoutNumpy(@ForAll("nonEmptyDimensions") Object array) {
        assertRoundTrip(withoutNumpy, array);
    }

    @Property(tries = 200)
    @AddLifecycleHook(RequiresNumpy.class)
    void everyArrayComesBackUnchangedWithNumpy(@ForAll("anyShape") Object array) {
        assertRoundTrip(withNumpy, array);
    }

    @Example
    void numpyIsHiddenFromTheWorkerWithoutIt() {
        PythonException error = assertThrows(PythonException.class, () -> withoutNumpy.exec("import numpy"));
        assertTrue(error.pythonMessage().contains("hidden"), error.pythonMessage());
        assertEquals("array.array", withoutNumpy.invoke("pybridge_kind", new double[] {1, 2}));
        assertEquals("builtins.memoryview", withoutNumpy.invoke("pybridge_kind", NdArray.of(new double[] {1, 2, 3, 4}, 2, 2)));
    }

    @Example
    @AddLifecycleHook(RequiresNumpy.class)
    void withNumpyArraysArriveAsNumpyArraysThatViewTheFrame() {
        assertEquals("numpy.ndarray", withNumpy.invoke("pybridge_kind", new long[] {1, 2}));
        withNumpy.exec("def pybridge_owns(value):\n    return bool(value.flags.owndata)");
        assertEquals(false, withNumpy.invoke("pybridge_owns", NdArray.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2)));
    }

    @Example
    @AddLifecycleHook(RequiresNumpy.class)
    void numpyScalarsComeBackAsBoxedScalars() {
        withNumpy.exec("import numpy");
        assertEquals(7L, withNumpy.eval("numpy.int64(7)"));
        assertEquals(255L, withNumpy.eval("numpy.uint8(255)"));
        assertEquals(1.5, withNumpy.eval("numpy.float64(1.5)"));
        assertEquals(0.25, withNumpy.eval("numpy.float32(0.25)"));
        assertEquals(true, withNumpy.eval("numpy.bool_(True)"));
        assertEquals(List.of(1L, 2.0), withNumpy.eval("[numpy.int32(1), numpy.float16(2)]"));
    }

    @Example
    @AddLifecycleHook(RequiresNumpy.class)
    void nonContiguousAndBigEndianNumpyResultsComeBackInOrder() {
        withNumpy.exec("import numpy");
        assertEquals(NdArray.of(new long[] {0, 2, 4, 6}), withNumpy.eval("numpy.arange(8)[::2]"));
        assertEquals(NdArray.of(new double[] {0, 3, 1, 4, 2, 5}, 3, 2), withNumpy.eval("numpy.arange(6.0).reshape(2, 3).T"));
        assertEquals(NdArray.of(new int[] {1, 2, 3}), withNumpy.eval("numpy.array([1, 2, 3], dtype='>i4')"));
        assertEquals(NdArray.of(new double[] {42}, new long[0]), withNumpy.eval("numpy.array(42.0)"));
    }

    @Example
    @AddLifecycleHook(RequiresNumpy.class)
    void unsupportedDtypesAreRefusedNamingTheDtypeAndThePath() {
        withNumpy.exec("import numpy");
        PythonException error = assertThrows(PythonException.class, () -> withNumpy.eval("{'x': [numpy.zeros(2, dtype=complex)]}"));
        assertEquals("UnsupportedValue", error.pythonType());
        assertTrue(error.pythonMessage().contains("complex128") && error.pythonMessage().contains("$.x[0]"), error.pythonMessage());
        PythonException dates = assertThrows(PythonException.class, () -> withNumpy.eval("numpy.array(['2024-01-01'], dtype='datetime64[D]')"));
        assertTrue(dates.pythonMessage().contains("datetime64"), dates.pythonMessage());
    }

    @Example
    void resultsAreAskedForAsPrimitiveArrays() {
        double[] values = {1.5, -2, Double.NaN};
        assertArrayEquals(values, withoutNumpy.call(Call.echo(values), double[].class));
        assertArrayEquals(new long[] {1, 2, 3}, withoutNumpy.call(Call.eval("[1, 2, 3]"), long[].class));
        assertArrayEquals(new int[] {4, 5}, withoutNumpy.call(Call.echo(new int[] {4, 5}), int[].class));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> withoutNumpy.call(Call.echo(NdArray.of(new double[] {1, 2, 3, 4}, 2, 2)), double[].class));
        assertTrue(wrong.getMessage().contains("2-dimensional"), wrong.getMessage());
    }

    @Example
    void anArrayRequestOverTheFrameLimitIsRefusedBeforeItIsSent() {
        double[] tooMany = new double[FRAME_LIMIT / 8];
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> withoutNumpy.call(Call.echo(tooMany)));
        assertTrue(error.getMessage().contains("maximum frame of " + FRAME_LIMIT + " bytes"), error.getMessage());
        assertEquals(3L, withoutNumpy.eval("1 + 2"));
    }

    @Example
    void anArrayResultOverTheFrameLimitIsResultTooLarge() {
        for (SingleProcessBridge bridge : List.of(withNumpy, withoutNumpy)) {
            bridge.exec("import array\nbig = array.array('d', bytes(" + FRAME_LIMIT + "))");
            BridgeException error = assertThrows(BridgeException.class, () -> bridge.eval("big"));
            assertTrue(error instanceof PythonException python && python.pythonType().equals("ResultTooLarge"), error.toString());
            assertTrue(error.getMessage().contains(FRAME_LIMIT + " bytes"), error.getMessage());
            assertEquals(3L, bridge.eval("1 + 2"));
        }
    }

    private static void assertRoundTrip(SingleProcessBridge bridge, Object array) {
        Map<?, ?> back = (Map<?, ?>) bridge.call(Call.echo(Map.of("a", array, "in", List.of(array, "x"))));
        NdArray expected = PyValues.toNdArray(array);
        assertEquals(expected, back.get("a"), () -> "sent " + expected + ", got " + back.get("a"));
        assertEquals(expected, ((List<?>) back.get("in")).get(0));
    }

    @Provide
    Arbitrary<Object> anyShape() {
        return PythonValues.arrays(true);
    }

    @Provide
    Arbitrary<Object> nonEmptyDimensions() {
        return PythonValues.arrays(false);
    }
}
