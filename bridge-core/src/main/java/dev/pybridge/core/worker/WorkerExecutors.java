package dev.pybridge.core.worker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a supervisor's workers share: one timer thread for deadlines and backoff (its tasks
 * never block), and a pool for work that may block (launching processes, writing control requests).
 * Owned by one bridge and closed with it.
 */
public final class WorkerExecutors implements AutoCloseable {

    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService blockingTasks;

    public WorkerExecutors(String name) {
        scheduler = new ScheduledThreadPoolExecutor(1, daemons(name + "-timer"));
        // Cancelled deadline timers would otherwise stay queued until they were due.
        scheduler.setRemoveOnCancelPolicy(true);
        blockingTasks = Executors.newCachedThreadPool(daemons(name + "-io"));
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
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
