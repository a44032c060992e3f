package dev.pybridge.core.internal.worker;

import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A child's stdout reached through /proc: read at once, and a blocked reader released by an interrupt or a close. */
@ExtendWith(NoProcessLeft.class)
class ProcPipeIT {

    private Process child;
    private OutputStream toChild;

    @BeforeEach
    void startAnEchoingChild() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "this system has no /proc: callers wait for the reader thread there");
        child = new ProcessBuilder(TestingPython.environment().executable(), "-c",
                "import sys\nfor line in sys.stdin:\n    sys.stdout.write(line)\n    sys.stdout.flush()").start();
        toChild = child.getOutputStream();
    }

    @AfterEach
    void stopTheChild() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void readsTheChildsStdoutAndOutlivesAnInterruptedReader() throws Exception {
        try (ProcPipe pipe = ProcPipe.find(child.pid()).orElseThrow(() -> new AssertionError("the child's stdout was not found in /proc"))) {
            readThroughTwoChannels(pipe);
        }
    }

    @SuppressWarnings("try") // the second channel is closed from this thread on purpose, to release its reader
    private void readThroughTwoChannels(ProcPipe pipe) throws Exception {
        try (FileChannel first = pipe.open()) {
            say("one");
            assertEquals("one\n", read(first));
            BlockedReader blocked = BlockedReader.on(first);
            blocked.thread.interrupt();
            assertInstanceOf(ClosedByInterruptException.class, blocked.failure.get(10, TimeUnit.SECONDS));
        }
        try (FileChannel second = pipe.open()) {
            say("two");
            assertEquals("two\n", read(second), "the pipe itself stays open after a reader's interrupt");
            BlockedReader blocked = BlockedReader.on(second);
            second.close();
            assertInstanceOf(AsynchronousCloseException.class, blocked.failure.get(10, TimeUnit.SECONDS),
                    "a close from another thread releases it");
        }
    }

    /** A thread blocked reading a channel that no data will reach. */
    private record BlockedReader(Thread thread, CompletableFuture<Throwable> failure) {

        static BlockedReader on(FileChannel channel) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    channel.read(ByteBuffer.allocate(16));
                    failure.complete(null);
                }
                catch (Exception e) {
                    failure.complete(e);
                }
            });
            thread.start();
            Await.until("the reader blocks in the read", 10, () -> Stream.of(thread.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("read0")));
            return new BlockedReader(thread, failure);
        }
    }

    private void say(String line) throws Exception {
        toChild.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toChild.flush();
    }

    private static String read(FileChannel channel) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
}
