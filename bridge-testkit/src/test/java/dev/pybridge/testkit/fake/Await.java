package dev.pybridge.testkit.fake;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Waits for conditions with a deadline, never for a fixed time; and finds the fake workers' threads. */
final class Await {

    /** Long enough for a loaded two-core machine; a passing test never waits it out. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private Await() {}

    /** Waits until {@code condition} holds, failing with {@code what} after {@link #PATIENCE}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** The names of the live threads of fake workers (of any launcher). */
    static Set<String> fakeWorkerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("bridge-mock-")).collect(Collectors.toSet());
    }
}
