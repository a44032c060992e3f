package dev.pybridge.testkit.fake;

import dev.pybridge.core.launch.WorkerProcess;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The process a fake worker plays: three in-memory pipes and the threads that serve them. It
 * "exits" once it has been told to die and its last thread has ended, as a process is reaped
 * once it is gone; so a closed bridge leaves no thread of its fake workers behind. There is no
 * operating system process, so {@link #pid()} is -1 and nothing is ever signalled: ending the
 * fake is ending its threads and closing its pipes.
 */
final class FakeProcess implements WorkerProcess {

    /** The exit code of a process killed by SIGKILL, as a shell reports it. */
    static final int SIGKILL_EXIT = 128 + 9;
    /** The exit code of a process ended by SIGTERM, the default action of that signal. */
    static final int SIGTERM_EXIT = 128 + 15;

    private final InMemoryPipe stdin = new InMemoryPipe();
    private final InMemoryPipe stdout = new InMemoryPipe();
    private final InMemoryPipe stderr = new InMemoryPipe();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CountDownLatch dying = new CountDownLatch(1);
    private final Set<Thread> threads = new HashSet<>();
    private int exitCode;

    /**
     * Starts a daemon thread that belongs to this process: the process exits only once every
     * such thread has ended. Refused (nothing starts) once the process is dying.
     */
    void start(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            }
            finally {
                ended(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        synchronized (threads) {
            if (dying()) {
                return;
            }
            threads.add(thread);
        }
        thread.start();
    }

    /** The worker's side of its stdin: the requests. */
    InputStream requests() {
        return stdin.source();
    }

    /** The worker's side of its stdout: the frames. */
    OutputStream frames() {
        return stdout.sink();
    }

    /** The worker's side of its stderr. */
    OutputStream diagnostics() {
        return stderr.sink();
    }

    boolean dying() {
        return dying.getCount() == 0;
    }

    /**
     * Waits up to {@code nanos} for the process to be told to die; true if it was. An interrupt
     * (which only dying or a cancel sends a fake's threads) ends the wait early with false, the
     * interrupt flag set again.
     */
    boolean awaitDeath(long nanos) {
        try {
            return dying.await(nanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return dying();
        }
    }

    /** Waits until the process is told to die, whatever interrupts this thread meanwhile. */
    void awaitDeathUninterruptibly() {
        while (!awaitDeath(Long.MAX_VALUE)) {
            Thread.interrupted();
        }
    }

    /**
     * Tells the process to die with {@code code} (the first code given wins): its threads are
     * interrupted and may no longer answer, and it exits once they have ended. Its pipes stay as
     * they are: see {@link #closePipes()}.
     */
    void die(int code) {
        List<Thread> running;
        synchronized (threads) {
            if (dying()) {
                return;
            }
            exitCode = code;
            dying.countDown();
            running = List.copyOf(threads);
        }
        running.stream().filter(thread -> thread != Thread.currentThread()).forEach(Thread::interrupt);
        exitIfNoThreadLeft();
    }

    /**
     * Closes the worker's ends of its pipes, as the kernel does when the last process holding them
     * ends: the bridge reads the end of stdout and stderr, and its writes to stdin fail.
     */
    void closePipes() {
        close(stdout.sink());
        close(stderr.sink());
        close(stdin.source());
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public OutputStream stdin() {
        return stdin.sink();
    }

    @Override
    public InputStream stdout() {
        return stdout.source();
    }

    @Override
    public InputStream stderr() {
        return stderr.source();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void terminate() {
        die(SIGTERM_EXIT);
        closePipes();
    }

    /** Dies as by SIGKILL, and ends what it "forked": whatever still held its pipes lets go of them. */
    @Override
    public void kill() {
        die(SIGKILL_EXIT);
        closePipes();
    }

    @Override
    public String toString() {
        return "FakeProcess[" + (exit.isDone() ? "exited " + exit.join() : dying() ? "dying" : "running") + "]";
    }

    private void ended(Thread thread) {
        synchronized (threads) {
            threads.remove(thread);
        }
        exitIfNoThreadLeft();
    }

    // Completed outside the lock: the bridge's exit callbacks run here and may call kill().
    private void exitIfNoThreadLeft() {
        int code;
        synchronized (threads) {
            if (!dying() || !threads.isEmpty()) {
                return;
            }
            code = exitCode;
        }
        exit.complete(code);
    }

    private static void close(Closeable end) {
        try {
            end.close();
        }
        catch (IOException e) {
            throw new IllegalStateException("an in-memory pipe failed to close", e);
        }
    }
}
