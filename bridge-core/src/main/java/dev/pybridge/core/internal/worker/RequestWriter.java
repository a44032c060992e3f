package dev.pybridge.core.internal.worker;

import dev.pybridge.core.internal.protocol.WireFrame;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes request frames to a worker's stdin without ever holding a caller past its deadline.
 *
 * <p>A write into a pipe blocks while the pipe is full, which happens when the worker is busy and
 * earlier requests wait unread; a caller blocked there could neither time out nor be interrupted.
 * So a frame is written on the caller's thread only when it certainly fits: the bytes of every
 * request not yet answered, this one included, are within the smallest capacity a pipe has (one
 * page), and no other write is under way. Every other frame goes to a queue that a thread of the
 * blocking pool drains, one frame at a time and in order. A request's bytes count as read once any
 * reply to its id arrives; a request whose reply never comes keeps counting, which errs on the safe
 * side.
 *
 * <p>Once a write fails (the worker is gone), no later frame is written, and the ids of the frames
 * that never went out are kept: those requests certainly never reached the worker.
 */
final class RequestWriter {

    /** The smallest capacity of a pipe: one page, as Linux gives when a user's pipe budget is spent. */
    static final int SURELY_FITS_BYTES = 4096;

    private final OutputStream out;
    private final Executor blockingTasks;
    private final Consumer<IOException> broken;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Map<Long, Long> unanswered = new ConcurrentHashMap<>();
    private final AtomicLong unansweredBytes = new AtomicLong();
    private final Set<Long> neverWritten = ConcurrentHashMap.newKeySet();
    private volatile boolean failed;

    private record Frame(long id, WireFrame bytes) {}

    /**
     * @param broken told when a write fails: the process is gone or going
     */
    RequestWriter(OutputStream out, Executor blockingTasks, Consumer<IOException> broken) {
        this.out = out;
        this.blockingTasks = blockingTasks;
        this.broken = broken;
    }

    /** Writes the frame of request {@code id}, at once if it surely fits, else from the queue. */
    void write(long id, WireFrame frame) {
        if (failed) {
            neverWritten.add(id);
            return;
        }
        unanswered.put(id, frame.length());
        long pending = unansweredBytes.addAndGet(frame.length());
        if (pending <= SURELY_FITS_BYTES && queue.isEmpty() && lock.tryLock()) {
            try {
                writeNow(new Frame(id, frame));
                return;
            }
            finally {
                lock.unlock();
            }
        }
        queue.add(new Frame(id, frame));
        drainLater();
    }

    /** Whether request {@code id} certainly never reached the worker: its frame was never (wholly) written. */
    boolean neverWritten(long id) {
        return neverWritten.contains(id);
    }

    /** A reply to request {@code id} arrived: the worker has read it. */
    void answered(long id) {
        Long bytes = unanswered.remove(id);
        if (bytes != null) {
            unansweredBytes.addAndGet(-bytes);
        }
    }

    /** Bytes written (or queued) whose request has had no reply yet. */
    long unansweredBytes() {
        return unansweredBytes.get();
    }

    private void drainLater() {
        if (draining.compareAndSet(false, true)) {
            blockingTasks.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Frame frame;
            while ((frame = queue.poll()) != null) {
                lock.lock();
                try {
                    writeNow(frame);
                }
                finally {
                    lock.unlock();
                }
            }
            draining.set(false);
        }
        while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void writeNow(Frame frame) {
        if (failed) {
            neverWritten.add(frame.id());
            return;
        }
        try {
            frame.bytes().writeTo(out);
            out.flush();
        }
        catch (IOException e) {
            // A frame cut short is never run: the worker runs whole frames only, and it is gone.
            failed = true;
            neverWritten.add(frame.id());
            for (Frame dropped; (dropped = queue.poll()) != null; ) {
                neverWritten.add(dropped.id());
            }
            broken.accept(e);
        }
    }
}
