package dev.pybridge.pool;

import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerSocketsTest {

    @Test
    void aConnectionThatSaysNothingHoldsUpNoWorkerAfterIt() throws Exception {
        try (WorkerSockets sockets = WorkerSockets.open("test");
                SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX);
                SocketChannel worker = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(sockets.path()));
            WorkerSockets.Expected expected = sockets.expect();
            worker.connect(UnixDomainSocketAddress.of(sockets.path()));
            worker.write(ByteBuffer.wrap((expected.secret() + WorkerSockets.FRAMES).getBytes(StandardCharsets.US_ASCII)));
            // Well within the 10 s a silent connection is given: it is not what the worker waits behind.
            assertTrue(expected.frames().get(5, TimeUnit.SECONDS).isOpen());
        }
    }
}
