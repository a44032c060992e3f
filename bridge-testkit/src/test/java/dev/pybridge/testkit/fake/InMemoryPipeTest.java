package dev.pybridge.testkit.fake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The in-memory pipe behaves as a kernel's pipe does. */
class InMemoryPipeTest {

    @Test
    void carriesBytesInOrderAndEndsOnceTheWriteSideClosedAndWasDrained() throws IOException {
        InMemoryPipe pipe = new InMemoryPipe();
        pipe.sink().write(new byte[] {1, 2, 3});
        pipe.sink().write(4);
        pipe.sink().close();
        assertEquals(4, pipe.source().available());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, pipe.source().readAllBytes());
        assertEquals(-1, pipe.source().read());
    }

    @Test
    void aWriterWhoseReaderHasGoneGetsABrokenPipe() throws IOException {
        InMemoryPipe pipe = new InMemoryPipe();
        pipe.source().close();
        IOException broken = assertThrows(IOException.class, () -> pipe.sink().write(1));
        assertEquals("Broken pipe", broken.getMessage());
    }

    @Test
    void aWriterBlocksWhileThePipeIsFullAndGoesOnOnceItIsRead() throws Exception {
        InMemoryPipe pipe = new InMemoryPipe();
        byte[] data = new byte[InMemoryPipe.CAPACITY * 2 + 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        AtomicReference<Thread> writer = new AtomicReference<>();
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
            writer.set(Thread.currentThread());
            try {
                pipe.sink().write(data);
                pipe.sink().close();
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the writer waits on the full pipe",
                () -> writer.get() != null && writer.get().getState() == Thread.State.WAITING && available(pipe) == InMemoryPipe.CAPACITY);
        assertArrayEquals(data, pipe.source().readAllBytes());
        written.join();
    }

    @Test
    void aBlockedReaderAnswersAnInterrupt() throws Exception {
        InMemoryPipe pipe = new InMemoryPipe();
        AtomicReference<Thread> reader = new AtomicReference<>();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            reader.set(Thread.currentThread());
            try {
                return pipe.source().read();
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the reader waits on the empty pipe", () -> reader.get() != null && reader.get().getState() == Thread.State.WAITING);
        reader.get().interrupt();
        Throwable failure = assertThrows(Exception.class, read::join).getCause();
        assertInstanceOf(InterruptedIOException.class, failure.getCause());
    }

    private static int available(InMemoryPipe pipe) {
        try {
            return pipe.source().available();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
