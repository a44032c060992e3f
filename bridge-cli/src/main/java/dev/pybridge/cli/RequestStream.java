package dev.pybridge.cli;

import dev.pybridge.cli.measure.Latencies;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Issues calls one after another as slots free up, with at most {@code concurrency} in flight,
 * and keeps only counters and a histogram of the successes' latencies: the same memory for ten
 * requests as for ten billion. Issued from one thread; completions may arrive on any.
 */
final class RequestStream {

    /** Told before each call is issued; this is where a run kills workers and reports progress. */
    @FunctionalInterface
    interface Pace {
        /**
         * @param issued the calls issued so far
         * @param done how far along the run is, from 0 to 1, by calls issued or by time, whichever is further
         */
        void beforeNext(long issued, double done);
    }

    /**
     * What came of the calls issued so far.
     *
     * @param issued calls issued
     * @param ok calls that returned a result
     * @param failed calls that failed (a timeout, a crashed worker, a refusal)
     * @param okLatencies how long the successful calls took
     */
    record Outcome(long issued, long ok, long failed, Latencies okLatencies) {
        /** Calls that had neither a result nor an error when the outcome was taken. */
        long lost() {
            return issued - ok - failed;
        }
    }

    private final int concurrency;
    private final Supplier<? extends CompletableFuture<?>> calls;
    private final LongSupplier nanoTime;
    private final Semaphore slots;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Latencies okLatencies = new Latencies();
    private long issued;

    /**
     * @param concurrency the most calls in flight at once
     * @param calls issues one call and returns its eventual result
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    RequestStream(int concurrency, Supplier<? extends CompletableFuture<?>> calls, LongSupplier nanoTime) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        this.concurrency = concurrency;
        this.calls = requireNonNull(calls, "calls is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.slots = new Semaphore(concurrency);
    }

    /**
     * Issues calls until {@code requests} have been issued or {@code limit} has passed since the
     * first, whichever comes first; returns when the last one is issued, not answered.
     */
    void issue(long requests, Duration limit, Pace pace) throws InterruptedException {
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        long limitNanos = limit.toNanos();
        long started = nanoTime.getAsLong();
        while (issued < requests) {
            slots.acquire();
            long elapsed = nanoTime.getAsLong() - started;
            if (elapsed >= limitNanos) {
                slots.release();
                return;
            }
            pace.beforeNext(issued, Math.max((double) issued / requests, (double) elapsed / limitNanos));
            issueOne();
        }
    }

    /** Waits up to {@code wait} for the calls in flight to end; true when none is left. */
    boolean awaitInFlight(Duration wait) throws InterruptedException {
        if (!slots.tryAcquire(concurrency, wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        slots.release(concurrency);
        return true;
    }

    Outcome outcome() {
        return new Outcome(issued, ok.get(), failed.get(), okLatencies);
    }

    private void issueOne() {
        long started = nanoTime.getAsLong();
        issued++;
        CompletableFuture<?> call;
        try {
            call = calls.get();
        }
        catch (RuntimeException refused) {
            // Refused before it was sent (a closed or exhausted pool): a failed call like any other.
            completed(started, refused);
            return;
        }
        // Counted before the slot is released, so that a caller who has all the slots back sees every count.
        call.whenComplete((result, failure) -> completed(started, failure));
    }

    private void completed(long startedNanos, Throwable failure) {
        if (failure == null) {
            okLatencies.recordNanos(nanoTime.getAsLong() - startedNanos);
            ok.incrementAndGet();
        }
        else {
            failed.incrementAndGet();
        }
        slots.release();
    }
}
