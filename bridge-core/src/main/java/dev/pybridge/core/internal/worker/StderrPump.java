package dev.pybridge.core.internal.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains a worker's stderr for as long as it is open, so the worker never blocks on a full pipe:
 * each line goes to the log, tagged with the worker's id, and the last lines are kept to explain
 * a death or a failed start.
 */
final class StderrPump implements Runnable {

    private static final Logger WORKER_LOG = LoggerFactory.getLogger("dev.pybridge.worker");
    private static final int TAIL_LINES = 50;
    private static final int MAX_LINE_BYTES = 8192;

    private final String workerId;
    private final InputStream stderr;
    private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);
    private final CountDownLatch ended = new CountDownLatch(1);

    StderrPump(String workerId, InputStream stderr) {
        this.workerId = workerId;
        this.stderr = stderr;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (stderr) {
            int read;
            while ((read = stderr.read(buffer)) != -1) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n' || line.size() >= MAX_LINE_BYTES) {
                        emit(line);
                    }
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                    }
                }
            }
        }
        catch (IOException e) {
            WORKER_LOG.debug("[{}] stderr closed: {}", workerId, e.toString());
        }
        finally {
            if (line.size() > 0) {
                emit(line);
            }
            ended.countDown();
        }
    }

    /** The last lines, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** Waits until stderr has ended, so that {@link #tail()} holds the worker's last words. */
    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void emit(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
        line.reset();
        WORKER_LOG.info("[{}] {}", workerId, text);
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text);
        }
    }
}
