package dev.pybridge.api;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdArrayTest {

    @Test
    void factoriesCopyAndKeepDtypeShapeAndContent() {
        double[] values = {1, 2, 3, 4, 5, 6};
        NdArray matrix = NdArray.of(values, 2, 3);
        values[0] = 99;
        assertEquals(DType.FLOAT64, matrix.dtype());
        assertArrayEquals(new long[] {2, 3}, matrix.shape());
        assertEquals(6, matrix.size());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, matrix.toDoubleArray());
        assertTrue(matrix.bytes().isReadOnly());
        assertEquals(ByteOrder.LITTLE_ENDIAN, matrix.bytes().order());
    }

    @Test
    void equalityIsByDtypeShapeAndContent() {
        assertEquals(NdArray.of(new long[] {1, 2}), NdArray.of(new long[] {1, 2}));
        assertEquals(NdArray.of(new long[] {1, 2}).hashCode(), NdArray.of(new long[] {1, 2}).hashCode());
        assertNotEquals(NdArray.of(new long[] {1, 2}), NdArray.of(new int[] {1, 2}));
        assertNotEquals(NdArray.of(new long[] {1, 2}, 1, 2), NdArray.of(new long[] {1, 2}, 2, 1));
        assertNotEquals(NdArray.of(new long[] {1, 2}), NdArray.of(new long[] {1, 3}));
    }

    @Test
    void toStringShowsTheEndsOnly() {
        assertEquals("NdArray[float64 (1000000,): 0.0, 1.0, 2.0, ..., 999997.0, 999998.0, 999999.0]",
                NdArray.of(java.util.stream.IntStream.range(0, 1_000_000).asDoubleStream().toArray()).toString());
        assertEquals("NdArray[int32 (2, 2): 1, 2, 3, 4]", NdArray.of(new int[] {1, 2, 3, 4}, 2, 2).toString());
    }

    @Test
    void conversionsAreExactOrRefused() {
        NdArray bytes = NdArray.of(DType.UINT8, ByteBuffer.wrap(new byte[] {(byte) 255, 1}), 2);
        assertArrayEquals(new int[] {255, 1}, bytes.toIntArray());
        assertArrayEquals(new double[] {255, 1}, bytes.toDoubleArray());
        IllegalStateException lossy = assertThrows(IllegalStateException.class, () -> NdArray.of(new long[] {1}).toDoubleArray());
        assertTrue(lossy.getMessage().contains("int64"), lossy.getMessage());
        assertThrows(IllegalStateException.class, () -> NdArray.of(new double[] {1}).toLongArray());
    }

    @Test
    void aShapeThatDoesNotHoldTheValuesIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new double[] {1, 2, 3}, 2, 2));
        assertTrue(error.getMessage().contains("[2, 2] holds 4 elements, but 3 were given"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new double[0], -1));
    }

    @Test
    void resultsConvertToThePrimitiveArrayAskedFor() {
        assertArrayEquals(new double[] {1, 2}, PyValues.convert(NdArray.of(new double[] {1, 2}), double[].class));
        assertArrayEquals(new long[] {1, 2}, PyValues.convert(java.util.List.of(1L, 2L), long[].class));
        assertEquals(NdArray.of(new int[] {3}), PyValues.convert(new int[] {3}, NdArray.class));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PyValues.convert("x", double[].class));
        assertTrue(error.getMessage().contains("java.lang.String does not convert to double[]"), error.getMessage());
    }
}
