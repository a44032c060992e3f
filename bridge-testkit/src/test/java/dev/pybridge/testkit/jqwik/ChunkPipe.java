package dev.pybridge.testkit.jqwik;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory pipe that keeps the pieces it was written in: a read never returns bytes of two
 * writes, so the reader receives the stream exactly in the chunks the writer chose. Closing either
 * end ends the stream for the reader.
 */
final class ChunkPipe {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final OutputStream sink = new Sink();
    private final InputStream source = new Source();

    OutputStream sink() {
        return sink;
    }

    InputStream source() {
        return source;
    }

    /** Adds {@code chunk} as one piece, unless the pipe was closed. */
    void put(byte[] chunk) {
        if (chunk.length > 0) {
            chunks.add(chunk.clone());
        }
    }

    void close() {
        chunks.add(END);
    }

    private final class Sink extends OutputStream {
        private volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the pipe is closed");
            }
            if (length > 0) {
                chunks.add(Arrays.copyOfRange(bytes, offset, offset + length));
            }
        }

        @Override
        public void close() {
            closed = true;
            ChunkPipe.this.close();
        }
    }

    private final class Source extends InputStream {
        private byte[] current = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!next()) {
                return -1;
            }
            int count = Math.min(length, current.length - at);
            System.arraycopy(current, at, bytes, offset, count);
            at += count;
            return count;
        }

        @Override
        public synchronized int available() {
            return current.length - at;
        }

        @Override
        public void close() {
            ChunkPipe.this.close();
        }

        // Waits for the next chunk when this one is used up; false at the end of the stream.
        private boolean next() throws IOException {
            while (!ended && at == current.length) {
                try {
                    current = chunks.take();
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for bytes");
                }
                at = 0;
                if (current == END) {
                    ended = true;
                    chunks.add(END);
                }
            }
            return !ended;
        }
    }
}
