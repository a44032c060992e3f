package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.ProtocolException;

import java.util.function.Consumer;

/**
 * Cuts a byte stream into frames: a 4-byte unsigned big-endian length, then that many bytes.
 * Bytes may arrive in chunks of any size; the frames come out the same. A length over the maximum
 * is refused before anything is allocated for it.
 *
 * <p>Not thread-safe: one decoder reads one stream.
 */
public final class FrameDecoder {

    private final int maxFrameBytes;
    private final byte[] header = new byte[Frames.HEADER_BYTES];
    private int headerFilled;
    private byte[] payload;
    private int payloadFilled;
    private long framesDecoded;

    public FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes is negative: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Decodes {@code length} bytes of {@code chunk} from {@code offset}, handing each completed
     * frame's payload to {@code frames}.
     *
     * @throws ProtocolException when a frame announces more than the maximum
     */
    public void feed(byte[] chunk, int offset, int length, Consumer<byte[]> frames) {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            if (payload == null) {
                int take = Math.min(Frames.HEADER_BYTES - headerFilled, end - position);
                System.arraycopy(chunk, position, header, headerFilled, take);
                headerFilled += take;
                position += take;
                if (headerFilled == Frames.HEADER_BYTES) {
                    startPayload(frames);
                }
            }
            else {
                int take = Math.min(payload.length - payloadFilled, end - position);
                System.arraycopy(chunk, position, payload, payloadFilled, take);
                payloadFilled += take;
                position += take;
                if (payloadFilled == payload.length) {
                    emit(frames);
                }
            }
        }
    }

    /**
     * Declares the end of the stream.
     *
     * @throws ProtocolException when the stream ended inside a frame
     */
    public void finish() {
        if (payload != null) {
            throw Frames.endedInPayload(payload.length, payloadFilled, framesDecoded + 1);
        }
        if (headerFilled > 0) {
            throw Frames.endedInHeader(headerFilled, framesDecoded + 1);
        }
    }

    /** Frames completed so far. */
    public long framesDecoded() {
        return framesDecoded;
    }

    private void startPayload(Consumer<byte[]> frames) {
        long length = Frames.readLength(header);
        headerFilled = 0;
        Frames.checkLength(length, maxFrameBytes, framesDecoded + 1);
        payload = new byte[(int) length];
        payloadFilled = 0;
        if (length == 0) {
            emit(frames);
        }
    }

    private void emit(Consumer<byte[]> frames) {
        byte[] complete = payload;
        payload = null;
        framesDecoded++;
        frames.accept(complete);
    }
}
