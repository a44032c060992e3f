package dev.pybridge.api.error;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PythonExceptionTest {

    @Test
    void readsLikePythonsOwnReport() {
        PythonException error = new PythonException("ValueError", "bad input", "Traceback (most recent call last):\n  line 1", null, null, null);
        assertEquals("ValueError: bad input\nTraceback (most recent call last):\n  line 1", error.getMessage());
    }

    @Test
    void aLongMessageAndADeepTracebackAreClippedInTheMessageAndKeptWhole() {
        String message = "x".repeat(100_000);
        String traceback = IntStream.range(0, 1000).mapToObj(i -> "  line " + i + " " + "y".repeat(2000)).collect(Collectors.joining("\n"));
        PythonException error = new PythonException("RecursionError", message, traceback, null, null, null);

        assertTrue(error.getMessage().length() < 30_000, "message of " + error.getMessage().length() + " characters");
        assertTrue(error.getMessage().contains("98000 more characters"), error.getMessage().substring(0, 2100));
        assertTrue(error.getMessage().contains("[960 earlier lines of the traceback; see traceback()]"));
        assertTrue(error.getMessage().contains("  line 999 "), "the last lines, where the error is, stay");
        assertEquals(message, error.pythonMessage());
        assertEquals(traceback, error.traceback().orElseThrow());
    }
}
