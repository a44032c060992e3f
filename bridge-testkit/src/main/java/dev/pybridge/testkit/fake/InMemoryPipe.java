package dev.pybridge.testkit.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pipe inside the JVM with an operating system pipe's behaviour: a bounded buffer, so that a
 * writer blocks while its reader lags; the reader sees the end once the write side is closed and
 * drained; a writer whose reader has closed gets an {@link IOException}, as on a broken pipe.
 * Unlike {@link java.io.PipedInputStream}, it ties neither end to a thread, so the pool threads
 * that write requests may come and go. Threads block only while they must wait, and then
 * answer an interrupt with an {@link InterruptedIOException}.
 */
final class InMemoryPipe {

    /** What Linux gives a pipe by default. */
    static final int CAPACITY = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final byte[] buffer = new byte[CAPACITY];
    private final InputStream source = new Source();
    private final OutputStream sink = new Sink();
    private int head;
    private int count;
    private boolean sinkClosed;
    private boolean sourceClosed;

    /** The read end. */
    InputStream source() {
        return source;
    }

    /** The write end. */
    OutputStream sink() {
        return sink;
    }

    private int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (count == 0 && !sinkClosed && !sourceClosed) {
                await(readable);
            }
            if (sourceClosed) {
                throw new IOException("Stream closed");
            }
            if (count == 0) {
                return -1;
            }
            int taken = 0;
            while (taken < length && count > 0) {
                int run = Math.min(Math.min(length - taken, count), CAPACITY - head);
                System.arraycopy(buffer, head, into, offset + taken, run);
                head = (head + run) % CAPACITY;
                count -= run;
                taken += run;
            }
            writable.signalAll();
            return taken;
        }
        finally {
            lock.unlock();
        }
    }

    private void write(byte[] from, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, from.length);
        int written = 0;
        lock.lock();
        try {
            while (written < length) {
                while (count == CAPACITY && !sourceClosed && !sinkClosed) {
                    await(writable);
                }
                if (sinkClosed) {
                    throw new IOException("Stream closed");
                }
                if (sourceClosed) {
                    throw new IOException("Broken pipe");
                }
                int tail = (head + count) % CAPACITY;
                int run = Math.min(Math.min(length - written, CAPACITY - count), CAPACITY - tail);
                System.arraycopy(from, offset + written, buffer, tail, run);
                count += run;
                written += run;
                readable.signalAll();
            }
        }
        finally {
            lock.unlock();
        }
    }

    private int available() {
        lock.lock();
        try {
            return count;
        }
        finally {
            lock.unlock();
        }
    }

    private void closeSink() {
        lock.lock();
        try {
            sinkClosed = true;
            readable.signalAll();
            writable.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void closeSource() {
        lock.lock();
        try {
            sourceClosed = true;
            count = 0;
            readable.signalAll();
            writable.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private static void await(Condition condition) throws InterruptedIOException {
        try {
            condition.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on an in-memory pipe");
        }
    }

    private final class Source extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return InMemoryPipe.this.read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            return InMemoryPipe.this.read(into, offset, length);
        }

        @Override
        public int available() {
            return InMemoryPipe.this.available();
        }

        @Override
        public void close() {
            closeSource();
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            InMemoryPipe.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] from, int offset, int length) throws IOException {
            InMemoryPipe.this.write(from, offset, length);
        }

        @Override
        public void close() {
            closeSink();
        }
    }
}
