package dev.pybridge.api.error;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorCategoryTest {

    @Test
    void eachExceptionCarriesItsCategory() {
        assertEquals(ErrorCategory.TIMEOUT, new BridgeTimeoutException("t", java.time.Duration.ofSeconds(1)).category());
        assertEquals(ErrorCategory.WORKER_CRASHED, new WorkerCrashedException("c", "w", 1, null, 9, List.of()).category());
        assertEquals(ErrorCategory.PYTHON, new PythonException("ValueError", "bad", null, null, null, null).category());
        assertEquals(ErrorCategory.INVALID_REQUEST, new InvalidRequestException(InvalidRequestException.Reason.UNKNOWN_COMMAND, "x").category());
        assertEquals(ErrorCategory.CONFIGURATION, new BridgeConfigurationException("x").category());
    }

    @Test
    void retryableOnlyWhereAnotherAttemptCanSucceed() {
        assertTrue(new BridgeTimeoutException("t", java.time.Duration.ofSeconds(1)).isRetryable());
        assertTrue(new CircuitOpenException("open").isRetryable());
        assertFalse(new PythonException("ValueError", "bad", null, null, null, null).isRetryable());
        assertFalse(new InvalidRequestException(InvalidRequestException.Reason.INVALID_ARGUMENTS, "x").isRetryable());
        assertFalse(new BridgeClosedException("closed").isRetryable());
    }

    @Test
    void pythonExceptionReadsLikePython() {
        PythonException error = new PythonException("ValueError", "bad input",
                "Traceback (most recent call last):\n  File \"<pybridge>\", line 1, in <module>\nValueError: bad input\n",
                new SourceLocation("<pybridge>", 1, OptionalInt.empty()), null, null);
        assertTrue(error.getMessage().startsWith("ValueError: bad input\nTraceback (most recent call last):"), error.getMessage());
        assertEquals(1, error.location().orElseThrow().line());
    }

    @Test
    void crashReportsSignalOrExitCode() {
        WorkerCrashedException killed = new WorkerCrashedException("c", "w", 42, null, 9, List.of("last"));
        assertEquals(OptionalInt.of(9), killed.signal());
        assertEquals(OptionalInt.empty(), killed.exitCode());
        assertEquals(List.of("last"), killed.stderrTail());
    }
}
