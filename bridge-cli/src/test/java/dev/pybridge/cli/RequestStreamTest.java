package dev.pybridge.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load's request stream, over calls played by Java: no Python, no real time. */
class RequestStreamTest {

    private static final Duration NO_LIMIT = Duration.ofDays(36_500);

    private final ExecutorService completer = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCompleter() throws InterruptedException {
        completer.shutdownNow();
        assertTrue(completer.awaitTermination(10, TimeUnit.SECONDS), "completer threads still running");
    }

    @Test
    void neverHasMoreThanItsConcurrencyInFlightAndCountsEveryCall() throws InterruptedException {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        RequestStream stream = new RequestStream(3, () -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> inFlight.decrementAndGet(), completer);
        }, System::nanoTime);

        stream.issue(5_000, NO_LIMIT, (issued, done) -> { });

        assertTrue(stream.awaitInFlight(Duration.ofSeconds(30)), "calls still in flight");
        RequestStream.Outcome outcome = stream.outcome();
        assertEquals(5_000, outcome.issued());
        assertEquals(5_000, outcome.ok());
        assertEquals(0, outcome.lost());
        assertEquals(5_000, outcome.okLatencies().count());
        assertTrue(mostInFlight.get() <= 3, "at most 3 in flight, saw " + mostInFlight.get());
    }

    @Test
    void aHugeCountStopsAtTheTimeLimit() throws InterruptedException {
        // Each call moves the clock on by 1 ms: a 100 ms limit allows exactly 100 of the Long.MAX_VALUE asked for.
        AtomicLong clock = new AtomicLong();
        RequestStream stream = new RequestStream(8, () -> {
            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
            return CompletableFuture.completedFuture("done");
        }, clock::get);

        stream.issue(Long.MAX_VALUE, Duration.ofMillis(100), (issued, done) -> { });

        RequestStream.Outcome outcome = stream.outcome();
        assertEquals(100, outcome.issued());
        assertEquals(100, outcome.ok());
    }

    @Test
    void failuresAndRefusalsAreCountedAsFailedAndFreeTheirSlot() throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        RequestStream stream = new RequestStream(1, () -> switch (next.getAndIncrement() % 3) {
            case 0 -> CompletableFuture.completedFuture("ok");
            case 1 -> CompletableFuture.failedFuture(new IllegalStateException("failed later"));
            default -> throw new IllegalStateException("refused at once");
        }, System::nanoTime);

        stream.issue(30, NO_LIMIT, (issued, done) -> { });

        RequestStream.Outcome outcome = stream.outcome();
        assertEquals(10, outcome.ok());
        assertEquals(20, outcome.failed());
        assertEquals(10, outcome.okLatencies().count(), "only successes are timed");
    }

    @Test
    void aCallThatNeverEndsIsLost() throws InterruptedException {
        List<CompletableFuture<Object>> pending = new ArrayList<>();
        RequestStream stream = new RequestStream(2, () -> {
            CompletableFuture<Object> call = new CompletableFuture<>();
            pending.add(call);
            return call;
        }, System::nanoTime);
        stream.issue(1, NO_LIMIT, (issued, done) -> { });

        assertFalse(stream.awaitInFlight(Duration.ofMillis(1)));
        assertEquals(1, stream.outcome().lost());

        pending.get(0).complete("late");
        assertTrue(stream.awaitInFlight(Duration.ofSeconds(30)));
        assertEquals(0, stream.outcome().lost());
    }

    @Test
    void thePaceSeesHowFarAlongTheRunIs() throws InterruptedException {
        List<Double> done = new ArrayList<>();
        RequestStream stream = new RequestStream(1, () -> CompletableFuture.completedFuture("ok"), () -> 0L);

        stream.issue(4, NO_LIMIT, (issued, fraction) -> done.add(fraction));

        assertEquals(List.of(0.0, 0.25, 0.5, 0.75), done);
    }
}
