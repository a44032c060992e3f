package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.internal.protocol.FrameDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A worker's replies, read in turns through a {@link ProcPipe}: whichever thread needs a reply
 * takes the turn, reads what arrives and hands on every frame it completes, whoever it is for. A
 * caller that waits for its own reply reads it itself, woken by the kernel when it lands, instead
 * of being woken by a reader thread after it: on a machine where a context switch is dear, that
 * second wake-up costs as much as the rest of the call. A reader can always be released: an
 * interrupt releases it (and closes the channel it read, not the pipe), and {@link #release()}
 * does from another thread, when its call passes its deadline or the worker dies.
 *
 * <p>When the process exits, the JDK drains what is left in its stdout pipe into a buffer of its
 * own stream, so the last bytes a worker wrote before it died may never reach this reader; at the
 * end of the pipe they are taken from that stream ({@code stragglers}).
 */
final class ReplyTurns {

    private final ProcPipe pipe;
    private final FrameDecoder decoder;
    private final Consumer<byte[]> frames;
    private final Supplier<InputStream> stragglers;
    private final ReentrantLock turn = new ReentrantLock();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final FirstBytes firstBytes = new FirstBytes();
    private volatile FileChannel channel;
    private volatile boolean ended;
    private volatile Throwable problem;

    /** @param stragglers the process's own stdout stream, which holds what the JDK drained from the pipe at the exit */
    ReplyTurns(ProcPipe pipe, int maxFrameBytes, Consumer<byte[]> frames, Supplier<InputStream> stragglers) {
        this.pipe = pipe;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.frames = frames;
        this.stragglers = stragglers;
    }

    /**
     * Takes the turn (waiting for it at most {@code maxWaitNanos}) and, if {@code wanted} still holds
     * then, reads what arrives (blocking until something does, or the reader is released) and hands
     * on the frames it completes. Returns false once the stream has ended; then {@link #problem()}
     * says whether it broke.
     *
     * @throws InterruptedException when this thread is interrupted, while it waits for the turn or reads
     */
    boolean readOnce(BooleanSupplier wanted, long maxWaitNanos) throws InterruptedException {
        if (!turn.tryLock(Math.max(0, maxWaitNanos), TimeUnit.NANOSECONDS)) {
            return !ended;
        }
        try {
            if (ended) {
                return false;
            }
            if (!wanted.getAsBoolean()) {
                return true;
            }
            return read();
        }
        finally {
            turn.unlock();
        }
    }

    /** Releases the thread that reads now, if any: it returns from {@link #readOnce} to look again at why it reads. */
    void release() {
        FileChannel reading = channel;
        if (reading != null) {
            try {
                reading.close();
            }
            catch (IOException e) {
                // Closing is all that was wanted.
            }
        }
    }

    /** Ends reading from another thread: the reader now, and every later one, sees the end. */
    void close() {
        ended = true;
        release();
        pipe.close();
    }

    /** Whether this thread holds the turn: handing on a frame, and so running a caller's callback. */
    boolean inTurn() {
        return turn.isHeldByCurrentThread();
    }

    boolean ended() {
        return ended;
    }

    /** Why the stream broke, or null when it ended cleanly (or has not ended). */
    Throwable problem() {
        return problem;
    }

    long framesRead() {
        return decoder.framesDecoded();
    }

    String firstBytes() {
        return firstBytes.text();
    }

    // Under the turn.
    private boolean read() throws InterruptedException {
        try {
            FileChannel reading = channel;
            if (reading == null || !reading.isOpen()) {
                reading = pipe.open();
                channel = reading;
            }
            int read;
            try {
                read = reading.read(buffer);
            }
            catch (ClosedByInterruptException e) {
                // Interrupted: what it read before is in the buffer; the pipe itself is untouched.
                handOn();
                throw new InterruptedException();
            }
            catch (AsynchronousCloseException e) {
                // Released by another thread: nothing was read.
                return !ended;
            }
            if (read < 0) {
                readStragglers();
                decoder.finish();
                return end(null);
            }
            handOn();
            return true;
        }
        catch (ProtocolException e) {
            return end(e);
        }
        catch (IOException e) {
            try {
                readStragglers();
            }
            catch (ProtocolException broken) {
                return end(broken);
            }
            return end(null);
        }
        catch (RuntimeException e) {
            return end(new ProtocolException("unexpected failure while reading replies: " + e, e));
        }
    }

    // At the end of the pipe: the stream the JDK drained into holds the rest. Only what is there now is read, so that
    // this never blocks, whatever the stream is.
    private void readStragglers() {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            InputStream in = stragglers.get();
            byte[] chunk = new byte[8192];
            for (int available = in.available(); available > 0; available = in.available()) {
                int read = in.read(chunk, 0, Math.min(chunk.length, available));
                if (read < 0) {
                    break;
                }
                rest.write(chunk, 0, read);
            }
        }
        catch (IOException e) {
            // Closed: nothing more to take.
        }
        if (rest.size() > 0) {
            byte[] bytes = rest.toByteArray();
            firstBytes.keep(bytes, 0, bytes.length);
            decoder.feed(bytes, 0, bytes.length, frames);
        }
    }

    private void handOn() {
        buffer.flip();
        byte[] bytes = buffer.array();
        firstBytes.keep(bytes, buffer.position(), buffer.remaining());
        try {
            decoder.feed(bytes, buffer.position(), buffer.remaining(), frames);
        }
        finally {
            buffer.clear();
        }
    }

    private boolean end(Throwable cause) {
        problem = cause;
        ended = true;
        release();
        return false;
    }
}
