package dev.pybridge.core.worker;

import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.protocol.FrameDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A worker's stdout, read in turns: whichever thread needs a reply takes the turn, reads what has
 * arrived, and hands every complete frame on, whoever it is for. Taking turns lets a caller that
 * waits for its own reply read it itself and be woken by the kernel when it lands, instead of
 * being woken by the reader thread after it: on machines where a context switch is dear, that
 * second wake-up costs more than the rest of the call.
 */
final class ReplyStream {

    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final String workerId;
    private final InputStream in;
    private final FrameDecoder decoder;
    private final Consumer<byte[]> frames;
    private final ReentrantLock turn = new ReentrantLock();
    private final byte[] buffer = new byte[READ_BUFFER_BYTES];
    private final byte[] firstBytes = new byte[48];
    private int firstBytesCount;
    private volatile boolean ended;
    private Throwable problem;

    ReplyStream(String workerId, InputStream in, int maxFrameBytes, Consumer<byte[]> frames) {
        this.workerId = workerId;
        this.in = in;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.frames = frames;
    }

    /**
     * Reads once, blocking until bytes arrive, if {@code wanted} still holds once this thread has
     * the turn (another thread's turn may have brought what it waited for). Returns false once the
     * stream has ended; then {@link #problem()} says whether it broke.
     */
    boolean readOnce(BooleanSupplier wanted) {
        turn.lock();
        try {
            if (ended) {
                return false;
            }
            if (!wanted.getAsBoolean()) {
                return true;
            }
            int read = in.read(buffer);
            if (read < 0) {
                ended = true;
                decoder.finish();
                return false;
            }
            keepFirstBytes(read);
            decoder.feed(buffer, 0, read, frames);
            return true;
        }
        catch (ProtocolException e) {
            return end(e);
        }
        catch (IOException e) {
            return end(null);
        }
        catch (RuntimeException e) {
            return end(new ProtocolException("worker " + workerId + ": unexpected failure while reading replies: " + e, e));
        }
        finally {
            turn.unlock();
        }
    }

    /** Whether this thread is inside a turn: handing on a frame, and so running a caller's callback. */
    boolean inTurn() {
        return turn.isHeldByCurrentThread();
    }

    boolean ended() {
        return ended;
    }

    /** Why the stream broke, or null when it ended cleanly (or has not ended). */
    Throwable problem() {
        return ended ? problem : null;
    }

    /** The first bytes the worker wrote, as text, to explain a worker that printed before its ready frame. */
    String firstBytes() {
        turn.lock();
        try {
            return StderrLines.printable(firstBytes, firstBytesCount);
        }
        finally {
            turn.unlock();
        }
    }

    private boolean end(Throwable cause) {
        ended = true;
        problem = cause;
        return false;
    }

    private void keepFirstBytes(int read) {
        if (firstBytesCount < firstBytes.length) {
            int take = Math.min(read, firstBytes.length - firstBytesCount);
            System.arraycopy(buffer, 0, firstBytes, firstBytesCount, take);
            firstBytesCount += take;
        }
    }
}
