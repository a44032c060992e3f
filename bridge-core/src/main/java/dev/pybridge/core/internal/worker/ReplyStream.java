package dev.pybridge.core.internal.worker;

import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.core.internal.protocol.Frames;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A worker's stdout, read by its one reader thread: frames by exact lengths, the header and then
 * the payload, each handed on as it arrives. The process's stream fetches what has arrived in
 * one system call and serves the following frames from its buffer.
 */
final class ReplyStream {

    private final String workerId;
    private final InputStream in;
    private final int maxFrameBytes;
    private final Consumer<byte[]> frames;
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private final FirstBytes firstBytes = new FirstBytes();
    private volatile long framesRead;
    private volatile boolean ended;
    private volatile Throwable problem;

    ReplyStream(String workerId, InputStream in, int maxFrameBytes, Consumer<byte[]> frames) {
        this.workerId = workerId;
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.frames = frames;
    }

    /** Reads and hands on frames until the stream ends; then {@link #problem()} says whether it broke. */
    void readToEnd() {
        try {
            byte[] payload;
            while ((payload = readFrame()) != null) {
                framesRead++;
                frames.accept(payload);
            }
        }
        catch (ProtocolException e) {
            problem = e;
        }
        catch (IOException e) {
            // Closed under the reader (the worker was declared dead) or broken: either way, the end.
        }
        catch (RuntimeException e) {
            problem = new ProtocolException("worker " + workerId + ": unexpected failure while reading replies: " + e, e);
        }
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** Frames read so far; a count that still moves means the reader is draining what the worker wrote. */
    long framesRead() {
        return framesRead;
    }

    /** Why the stream broke, or null when it ended cleanly (or has not ended). */
    Throwable problem() {
        return problem;
    }

    /** The first bytes the worker wrote, as text, to explain a worker that printed before its ready frame. */
    String firstBytes() {
        return firstBytes.text();
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

    // On the error path only: what else the worker wrote, so that a message can quote text it printed by mistake.
    private void keepWhatHasArrived() throws IOException {
        int wanted = Math.min(in.available(), 48);
        if (wanted > 0) {
            byte[] more = new byte[wanted];
            keepFirstBytes(more, in.read(more, 0, wanted));
        }
    }

    private void keepFirstBytes(byte[] bytes, int count) {
        firstBytes.keep(bytes, 0, count);
    }
}
