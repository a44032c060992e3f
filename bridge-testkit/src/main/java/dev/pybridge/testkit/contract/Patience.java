package dev.pybridge.testkit.contract;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How long the contracts wait: long enough for a loaded machine, so that only a broken
 * implementation reaches a limit, and short enough that one fails rather than hangs.
 */
final class Patience {

    /** For a call, or a future, that should complete. */
    static final Duration CALL = Duration.ofSeconds(120);

    /** For a caller to block in a call before the interruption test interrupts it all the same. */
    static final Duration TO_BLOCK = Duration.ofSeconds(20);

    private Patience() {}

    /** Whether {@code thread} blocks: parked, waiting for a monitor, or in a native method such as a blocking read. */
    static boolean blocks(Thread thread) {
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
            return true;
        }
        StackTraceElement[] stack = thread.getStackTrace();
        return state == Thread.State.RUNNABLE && stack.length > 0 && stack[0].isNativeMethod();
    }

    /** Waits until {@code condition} holds or {@code limit} has passed, whichever comes first. */
    static void awaitUpTo(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
