package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.error.PythonException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What became of a call: its result, or the exception it failed with. */
final class Outcomes {

    private Outcomes() {}

    /** The call's result or failure, waiting at most {@code seconds}: longer is a hang, and fails the property. */
    static Object within(CompletableFuture<Object> call, int seconds) throws InterruptedException {
        try {
            return call.get(seconds, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            return e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
        }
        catch (TimeoutException e) {
            call.cancel(true);
            throw new AssertionError("the call had no outcome within " + seconds + " s: a hang");
        }
    }

    /** Checks that {@code outcome} is what the worker's {@code reply} says. */
    static void assertDecoded(WireReply reply, Object outcome) {
        if (reply instanceof WireReply.Success success) {
            assertTrue(success.result().sameAs(outcome), () -> "sent " + success.result() + ", decoded " + describe(outcome));
            return;
        }
        WireReply.Failure failure = (WireReply.Failure) reply;
        PythonException raised = assertInstanceOf(PythonException.class, outcome, () -> "expected " + failure + ", got " + describe(outcome));
        assertEquals(failure.type(), raised.pythonType());
        assertEquals(failure.message(), raised.pythonMessage());
        assertEquals(failure.traceback(), raised.traceback());
    }

    private static String describe(Object outcome) {
        return outcome instanceof Throwable failure ? failure.toString() : WireValue.describe(outcome);
    }
}
