package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.EngineTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads an engine's workers share: one timer thread for deadlines, backoff and probes (its
 * tasks never block), and a pool for work that may block (launching processes, writing requests
 * that do not surely fit in the pipe, finishing a worker that died). Owned by one engine and
 * closed with it.
 */
public final class EngineThreads implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService blockingTasks;
    private final EngineTime time;

    public EngineThreads(String name) {
        scheduler = new ScheduledThreadPoolExecutor(1, daemons(name + "-timer"));
        // Cancelled deadline timers would otherwise stay queued until they were due.
        scheduler.setRemoveOnCancelPolicy(true);
        blockingTasks = Executors.newCachedThreadPool(daemons(name + "-io"));
        time = EngineTime.system(scheduler);
    }

    /** The system clock, with timers on this engine's timer thread. */
    public EngineTime time() {
        return time;
    }

    public ExecutorService blockingTasks() {
        return blockingTasks;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        blockingTasks.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
