package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a binary payload (PROTOCOL.md, "Binary frames"): a marker byte, the JSON's
 * length, the number of buffers and each one's length, the JSON, then each buffer from the next
 * multiple of 8 bytes of the payload, so that the reader can view it as an array in place.
 *
 * <pre>
 * 0   marker 0x00, then three zero bytes
 * 4   JSON length J, uint32 big-endian
 * 8   buffer count B, uint32 big-endian
 * 12  four zero bytes
 * 16  B buffer lengths, uint64 big-endian
 *     J bytes of UTF-8 JSON
 *     per buffer: zero bytes up to a multiple of 8, then the buffer
 * </pre>
 */
public final class BinaryFrames {

    /** The first byte of a binary payload; a JSON payload starts with {@code '{'}. */
    public static final byte MARKER = 0;
    /** Buffers start at multiples of this many bytes from the payload's start. */
    public static final int ALIGNMENT = 8;
    private static final int FIXED_BYTES = 16;

    private BinaryFrames() {}

    /** Whether {@code payload} is a binary one. */
    public static boolean isBinary(byte[] payload) {
        return payload.length > 0 && payload[0] == MARKER;
    }

    /** Zero bytes needed after {@code position} to reach the next multiple of {@link #ALIGNMENT}. */
    static int padding(long position) {
        return (int) (-position & (ALIGNMENT - 1));
    }

    /** The payload size of a binary frame with {@code jsonLength} bytes of JSON and {@code buffers}. */
    static long payloadLength(int jsonLength, List<ByteBuffer> buffers) {
        long position = FIXED_BYTES + 8L * buffers.size() + jsonLength;
        for (ByteBuffer buffer : buffers) {
            position += padding(position) + buffer.remaining();
        }
        return position;
    }

    /** The frame header and the container's prefix, up to the JSON. */
    static byte[] head(long payloadLength, int jsonLength, List<ByteBuffer> buffers) {
        ByteBuffer head = ByteBuffer.allocate(Frames.HEADER_BYTES + FIXED_BYTES + 8 * buffers.size()).order(ByteOrder.BIG_ENDIAN);
        head.putInt((int) payloadLength);
        head.put(MARKER).put((byte) 0).put((byte) 0).put((byte) 0);
        head.putInt(jsonLength);
        head.putInt(buffers.size());
        head.putInt(0);
        for (ByteBuffer buffer : buffers) {
            head.putLong(buffer.remaining());
        }
        return head.array();
    }

    /** A binary payload taken apart: where its JSON lies, and its buffers as slices of the payload (no copies). */
    record Parts(int jsonOffset, int jsonLength, List<ByteBuffer> buffers) {}

    /**
     * Takes a binary payload apart.
     *
     * @throws ProtocolException when the prefix does not describe the payload exactly
     */
    static Parts parse(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        if (payload.length < FIXED_BYTES || in.getInt(0) != 0 || in.getInt(12) != 0) {
            throw malformed(payload, "its first 16 bytes are not a binary prefix (a zero marker, J, B, four zero bytes)");
        }
        long jsonLength = Integer.toUnsignedLong(in.getInt(4));
        long count = Integer.toUnsignedLong(in.getInt(8));
        long position = FIXED_BYTES + 8 * count + jsonLength;
        if (FIXED_BYTES + 8 * count > payload.length || position > payload.length) {
            throw malformed(payload, "its prefix announces " + count + " buffers and " + jsonLength + " bytes of JSON");
        }
        List<ByteBuffer> buffers = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long size = in.getLong(FIXED_BYTES + 8 * i);
            position += padding(position);
            if (size < 0 || position + size > payload.length) {
                throw malformed(payload, "buffer " + i + " of " + size + " bytes at " + position + " runs past its end");
            }
            buffers.add(ByteBuffer.wrap(payload, (int) position, (int) size).slice().order(ByteOrder.LITTLE_ENDIAN));
            position += size;
        }
        if (position != payload.length) {
            throw malformed(payload, "its parts end at byte " + position);
        }
        return new Parts(FIXED_BYTES + 8 * (int) count, (int) jsonLength, buffers);
    }

    private static ProtocolException malformed(byte[] payload, String problem) {
        return new ProtocolException("malformed binary payload of " + payload.length + " bytes: " + problem);
    }
}
