package dev.pybridge.pool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Unix socket forked workers connect to, in a directory only this user can enter. Each worker
 * is given a random secret and connects twice (its frames, then its stderr), each time sending the
 * secret and the connection's kind before anything else; a connection that cannot prove a secret
 * expected now is closed unread.
 */
final class WorkerSockets implements AutoCloseable {

    static final char FRAMES = 'F';
    static final char STDERR = 'E';
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSockets.class);
    private static final int SECRET_BYTES = 32;
    private static final int HELLO_BYTES = SECRET_BYTES * 2 + 1;
    // A forked worker sends its secret first thing after it connects; one that has not within this long is no worker.
    private static final long HELLO_DEADLINE_SECONDS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();

    /** The two connections of one worker, once it has made them. */
    record Expected(String secret, CompletableFuture<SocketChannel> frames, CompletableFuture<SocketChannel> stderr) {}

    private WorkerSockets(Path directory, ServerSocketChannel server) {
        this.directory = directory;
        this.path = directory.resolve("workers.sock");
        this.server = server;
    }

    static WorkerSockets open(String name) {
        try {
            Path directory = Files.createTempDirectory("pybridge-" + name + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            WorkerSockets sockets = new WorkerSockets(directory, server);
            server.bind(UnixDomainSocketAddress.of(sockets.path));
            Thread acceptor = new Thread(sockets::acceptAll, "pybridge-" + name + "-fork-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return sockets;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot listen for forked workers in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    Path path() {
        return path;
    }

    /** A new secret, and the connections that will prove it. */
    Expected expect() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        Expected connections = new Expected(HexFormat.of().formatHex(secret), new CompletableFuture<>(), new CompletableFuture<>());
        expected.put(connections.secret(), connections);
        return connections;
    }

    /** No connection may prove {@code connections}' secret any more; one made already is closed. */
    void forget(Expected connections) {
        expected.remove(connections.secret());
        connections.frames().thenAccept(WorkerSockets::closeQuietly);
        connections.stderr().thenAccept(WorkerSockets::closeQuietly);
        connections.frames().cancel(false);
        connections.stderr().cancel(false);
    }

    /** Takes {@code connections} off the expected ones once both arrived. */
    void arrived(Expected connections) {
        expected.remove(connections.secret());
    }

    // Only this user's processes can reach the socket; the secret tells our children from the others among them. Each
    // connection is admitted on a thread of its own, and closed if it has not said its secret in time, so that one that
    // connects and says nothing cannot hold up the workers that come after it.
    private void acceptAll() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                Thread admitting = new Thread(() -> admitOrClose(connection), "pybridge-fork-admit");
                admitting.setDaemon(true);
                admitting.start();
            }
            catch (ClosedChannelException e) {
                return;
            }
            catch (IOException e) {
                LOG.debug("accepting a forked worker's connection failed: {}", e.toString());
            }
        }
    }

    private void admitOrClose(SocketChannel connection) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(HELLO_DEADLINE_SECONDS, TimeUnit.SECONDS).execute(() -> {
            if (!admitted.isDone()) {
                closeQuietly(connection);
            }
        });
        try {
            if (!admit(connection)) {
                closeQuietly(connection);
            }
        }
        catch (IOException e) {
            closeQuietly(connection);
            LOG.debug("a connection to the fork server's socket {} failed before it said its secret: {}", path, e.toString());
        }
        finally {
            admitted.complete(null);
        }
    }

    private boolean admit(SocketChannel connection) throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(HELLO_BYTES);
        while (hello.hasRemaining()) {
            if (connection.read(hello) < 0) {
                return false;
            }
        }
        String text = new String(hello.array(), StandardCharsets.US_ASCII);
        byte[] secret = text.substring(0, SECRET_BYTES * 2).getBytes(StandardCharsets.US_ASCII);
        char kind = text.charAt(SECRET_BYTES * 2);
        for (Expected candidate : expected.values()) {
            if (MessageDigest.isEqual(secret, candidate.secret().getBytes(StandardCharsets.US_ASCII))) {
                CompletableFuture<SocketChannel> slot = kind == FRAMES ? candidate.frames() : kind == STDERR ? candidate.stderr() : null;
                return slot != null && slot.complete(connection);
            }
        }
        LOG.warn("a connection to the fork server's socket {} did not prove a worker's secret; closed it", path);
        return false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        expected.values().forEach(this::forget);
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
        catch (IOException e) {
            LOG.debug("could not delete {}: {}", directory, e.toString());
        }
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        }
        catch (IOException e) {
            LOG.debug("closing a forked worker's connection failed: {}", e.toString());
        }
    }
}
