package dev.pybridge.core.protocol;

/** The frame header: a 4-byte unsigned big-endian payload length. */
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
}
