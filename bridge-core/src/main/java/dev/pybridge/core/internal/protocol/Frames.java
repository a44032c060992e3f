package dev.pybridge.core.internal.protocol;

import dev.pybridge.api.error.ProtocolException;

/**
 * The frame header: a 4-byte unsigned big-endian payload length. Also the checks every reader of
 * frames makes, with the messages it reports, so that every way of reading a stream breaks alike.
 */
public final class Frames {

    /** Bytes in a frame header. */
    public static final int HEADER_BYTES = 4;

    private Frames() {}

    /** A whole frame: the header for {@code payload}, then {@code payload}. */
    public static byte[] frame(byte[] payload) {
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        writeLength(frame, payload.length);
        System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
        return frame;
    }

    /** Writes {@code length} as a header into the first four bytes of {@code target}. */
    public static void writeLength(byte[] target, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative frame length: " + length);
        }
        target[0] = (byte) (length >>> 24);
        target[1] = (byte) (length >>> 16);
        target[2] = (byte) (length >>> 8);
        target[3] = (byte) length;
    }

    /** The length in a header, as an unsigned value. */
    public static long readLength(byte[] header) {
        return ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16) | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
    }

    /**
     * Checks a length read from a header, before anything is allocated for it.
     *
     * @param frame the 1-based number of the frame, for the message
     * @throws ProtocolException when it is over {@code maxFrameBytes}
     */
    public static int checkLength(long length, int maxFrameBytes, long frame) {
        if (length > maxFrameBytes) {
            throw new ProtocolException("frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes
                    + " bytes (frame " + frame + "); raise maxFrameBytes if such messages are expected");
        }
        return (int) length;
    }

    /** The stream ended after {@code got} bytes of a header. */
    public static ProtocolException endedInHeader(int got, long frame) {
        return new ProtocolException("stream ended inside a frame header after " + got + " of " + HEADER_BYTES
                + " bytes (frame " + frame + ")");
    }

    /** The stream ended after {@code got} bytes of a payload of {@code length}. */
    public static ProtocolException endedInPayload(long length, int got, long frame) {
        return new ProtocolException("stream ended inside a frame of " + length + " bytes after " + got
                + " of them (frame " + frame + ")");
    }
}
