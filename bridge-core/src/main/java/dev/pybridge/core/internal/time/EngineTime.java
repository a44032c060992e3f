package dev.pybridge.core.internal.time;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The engine's clock and timer: every deadline, backoff, probe and drain reads the time here and
 * waits through here, so that tests can move time by hand (Caffeine's {@code Ticker} and
 * {@code Scheduler} are the model). Timer tasks must be quick and must never block.
 */
public interface EngineTime {

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} once, {@code delayNanos} from now (at once when zero or negative). */
    Timer schedule(Runnable task, long delayNanos);

    /** A scheduled task. */
    interface Timer {

        /** Keeps the task from running, if it has not run yet. */
        void cancel();
    }

    /** The system clock, with tasks run on {@code scheduler}. */
    static EngineTime system(ScheduledExecutorService scheduler) {
        requireNonNull(scheduler, "scheduler is null");
        return new EngineTime() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Timer schedule(Runnable task, long delayNanos) {
                try {
                    ScheduledFuture<?> future = scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                    return () -> future.cancel(false);
                }
                catch (RejectedExecutionException e) {
                    // The engine has closed: nothing it would time is waited for any more.
                    return () -> { };
                }
            }
        };
    }
}
