package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.time.EngineTime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock the test moves: timers run only when {@link #advance} passes their time, on the thread
 * that advances it, in order. Thread-safe, since workers' threads schedule too.
 */
final class ManualTime implements EngineTime {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Runnable task, long delayNanos) {
        Task scheduled = new Task(now + Math.max(0, delayNanos), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves the clock on by {@code step}, running every timer that falls due, each at its own time. */
    void advance(Duration step) {
        long target;
        synchronized (this) {
            target = now + step.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due - target > 0) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
            }
            next.run.run();
        }
    }

    /** How many timers wait, for assertions on what is scheduled. */
    synchronized List<Long> pendingDelaysNanos() {
        List<Long> delays = new ArrayList<>();
        tasks.forEach(task -> delays.add(task.due - now));
        return delays;
    }

    private record Task(long due, long sequence, Runnable run) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(due, other.due);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
