package dev.pybridge.testkit.fake;

/**
 * A request the fake worker has read and not yet answered, and the race between its answer and a
 * {@code cancel}: whichever comes first answers it, exactly once. A cancel interrupts the thread
 * running it only while it waits out a slow answer, so no other wait of that thread is cut short.
 * Thread-safe.
 */
final class InFlight {

    /** What a cancel did. */
    enum Cancel {
        /** The request was answered or cancelled already. */
        TOO_LATE,
        /** It had not started: the canceller answers it. */
        BEFORE_START,
        /** It runs: its thread answers it as cancelled. */
        WHILE_RUNNING
    }

    final Request request;
    private boolean answered;
    private boolean cancelled;
    private Thread thread;
    private boolean waiting;

    InFlight(Request request) {
        this.request = request;
    }

    /** The current thread runs it now; false if it was cancelled before it could start. */
    synchronized boolean begin() {
        if (cancelled) {
            return false;
        }
        thread = Thread.currentThread();
        return true;
    }

    /** Its thread is done with it. */
    synchronized void end() {
        thread = null;
    }

    /** Marks it cancelled, interrupting its thread if that waits out a slow answer. */
    synchronized Cancel cancel() {
        if (answered || cancelled) {
            return Cancel.TOO_LATE;
        }
        cancelled = true;
        if (thread == null) {
            return Cancel.BEFORE_START;
        }
        if (waiting) {
            thread.interrupt();
        }
        return Cancel.WHILE_RUNNING;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Its thread begins a wait a cancel may interrupt; false (no wait) when it was cancelled already. */
    synchronized boolean beginWait() {
        waiting = !cancelled;
        return waiting;
    }

    synchronized void endWait() {
        waiting = false;
    }

    /** Whether this caller is the one to answer it: true once. */
    synchronized boolean claimAnswer() {
        if (answered) {
            return false;
        }
        answered = true;
        return true;
    }
}
