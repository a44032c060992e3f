package dev.pybridge.core.internal.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One encoded frame, header included, kept in its parts so that large binary buffers are written
 * to the stream where they lie instead of being copied into one array first.
 */
public final class WireFrame {

    private static final byte[] ZEROS = new byte[BinaryFrames.ALIGNMENT];
    private static final int CHUNK_BYTES = 64 * 1024;

    private final byte[] head;
    private final int headLength;
    private final byte[] json;
    private final int jsonOffset;
    private final int jsonLength;
    private final List<ByteBuffer> buffers;
    private final long length;

    private WireFrame(byte[] head, int headLength, byte[] json, int jsonOffset, int jsonLength, List<ByteBuffer> buffers, long length) {
        this.head = head;
        this.headLength = headLength;
        this.json = json;
        this.jsonOffset = jsonOffset;
        this.jsonLength = jsonLength;
        this.buffers = buffers;
        this.length = length;
    }

    /** A plain JSON frame whose header and payload are the first {@code length} bytes of {@code bytes}. */
    static WireFrame plain(byte[] bytes, int length) {
        return new WireFrame(bytes, length, bytes, 0, 0, List.of(), length);
    }

    /** A binary frame: {@code head} (header and container prefix), then the JSON, then the buffers, each aligned. */
    static WireFrame binary(byte[] head, byte[] json, int jsonOffset, int jsonLength, List<ByteBuffer> buffers, long length) {
        return new WireFrame(head, head.length, json, jsonOffset, jsonLength, buffers, length);
    }

    /** The whole frame's size in bytes, header included. */
    public long length() {
        return length;
    }

    /** Writes the whole frame; the buffers go out in chunks, never copied whole. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(head, 0, headLength);
        if (jsonLength == 0) {
            return;
        }
        out.write(json, jsonOffset, jsonLength);
        long position = headLength - Frames.HEADER_BYTES + jsonLength;
        byte[] chunk = null;
        for (ByteBuffer buffer : buffers) {
            int pad = BinaryFrames.padding(position);
            out.write(ZEROS, 0, pad);
            position += pad + buffer.remaining();
            if (buffer.hasArray()) {
                out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                continue;
            }
            // A read-only view (an NdArray's) hides its array: copied out a chunk at a time.
            ByteBuffer rest = buffer.duplicate();
            chunk = chunk != null ? chunk : new byte[CHUNK_BYTES];
            while (rest.hasRemaining()) {
                int take = Math.min(chunk.length, rest.remaining());
                rest.get(chunk, 0, take);
                out.write(chunk, 0, take);
            }
        }
    }

    /** The whole frame as one array (tests, and small frames). */
    public byte[] toByteArray() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(length, Integer.MAX_VALUE - 8));
        try {
            writeTo(out);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
