package dev.pybridge.core.worker;

import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.protocol.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A worker's stdout, read in turns: whichever thread needs a reply takes the turn, reads one
 * frame, and hands it on, whoever it is for. Taking turns lets a caller that waits for its own
 * reply read it itself and be woken by the kernel when it lands, instead of being woken by the
 * reader thread after it: on machines where a context switch is dear, that second wake-up costs
 * more than the rest of the call.
 *
 * <p>Frames are read by exact lengths, the header and then the payload: the process's stream
 * fetches what has arrived in one system call and serves the following frames from its buffer,
 * and never has to ask how much more is available, which would cost a second call per read.
 */
final class ReplyStream {

    private final String workerId;
    private final InputStream in;
    private final int maxFrameBytes;
    private final Consumer<byte[]> frames;
    private final ReentrantLock turn = new ReentrantLock();
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private final byte[] firstBytes = new byte[48];
    private int firstBytesCount;
    private long framesRead;
    private volatile boolean ended;
    private Throwable problem;

    ReplyStream(String workerId, InputStream in, int maxFrameBytes, Consumer<byte[]> frames) {
        this.workerId = workerId;
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
    }

    /**
     * Reads one frame, blocking until it has arrived, if {@code wanted} still holds once this
     * thread has the turn (another thread's turn may have brought what it waited for). Returns
     * false once the stream has ended; then {@link #problem()} says whether it broke.
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
            byte[] payload = readFrame();
            if (payload == null) {
                return end(null);
            }
            framesRead++;
            frames.accept(payload);
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

    // The next frame's payload, or null at a clean end between frames.
    private byte[] readFrame() throws IOException {
        int got = in.readNBytes(header, 0, header.length);
        keepFirstBytes(header, got);
        if (got == 0) {
            return null;
        }
        if (got < header.length) {
            throw Frames.endedInHeader(got, framesRead + 1);
        }
        long length = Frames.readLength(header);
        if (length > maxFrameBytes) {
            keepWhatHasArrived();
        }
        byte[] payload = new byte[Frames.checkLength(length, maxFrameBytes, framesRead + 1)];
        int read = in.readNBytes(payload, 0, payload.length);
        keepFirstBytes(payload, read);
        if (read < payload.length) {
            throw Frames.endedInPayload(length, read, framesRead + 1);
        }
        return payload;
    }

    private boolean end(Throwable cause) {
        ended = true;
        problem = cause;
        return false;
    }

    // On the error path only: what else the worker wrote, so that a message can quote text it printed by mistake.
    private void keepWhatHasArrived() throws IOException {
        int wanted = Math.min(in.available(), firstBytes.length - firstBytesCount);
        if (wanted > 0) {
            byte[] more = new byte[wanted];
            keepFirstBytes(more, in.read(more, 0, wanted));
        }
    }

    private void keepFirstBytes(byte[] bytes, int count) {
        if (firstBytesCount < firstBytes.length) {
            int take = Math.min(count, firstBytes.length - firstBytesCount);
            System.arraycopy(bytes, 0, firstBytes, firstBytesCount, take);
            firstBytesCount += take;
        }
    }
}
