package dev.pybridge.core.internal.worker;

/** The first bytes a worker wrote, kept to explain a worker that printed something other than frames. */
final class FirstBytes {

    private final byte[] bytes = new byte[48];
    private int count;

    synchronized void keep(byte[] source, int offset, int length) {
        int take = Math.min(Math.max(0, length), bytes.length - count);
        System.arraycopy(source, offset, bytes, count, take);
        count += take;
    }

    /** The bytes as ASCII, with anything unprintable escaped. */
    synchronized String text() {
        return StderrLines.printable(bytes, count);
    }
}
