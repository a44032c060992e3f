package dev.pybridge.bench;

import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.core.internal.protocol.FrameDecoder;
import dev.pybridge.core.internal.protocol.Frames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A worker played by a Java thread behind two real OS pipes: it sends a ready frame, then answers
 * every request with its id and a fixed result, at once. With it, a benchmark measures what the
 * Java side costs per call (encoding, the pipes, the reader thread, completing the caller)
 * without Python's share.
 */
public final class EchoWorkerProcess implements WorkerProcess {

    private static final byte[] READY = Frames.frame(("{\"id\":0,\"success\":true,\"result\":{\"ready\":true,\"pid\":1,"
            + "\"python\":\"java\",\"protocol\":2,\"threads\":1,\"commands\":[\"echo\"]}}").getBytes(StandardCharsets.UTF_8));

    private final Pipe requests;
    private final Pipe replies;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread echo;

    public EchoWorkerProcess() {
        try {
            requests = Pipe.open();
            replies = Pipe.open();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        echo = new Thread(this::serve, "echo-worker");
        echo.setDaemon(true);
        echo.start();
    }

    private void serve() {
        try (InputStream in = Channels.newInputStream(requests.source()); OutputStream out = Channels.newOutputStream(replies.sink())) {
            out.write(READY);
            FrameDecoder decoder = new FrameDecoder(1 << 20);
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) != -1) {
                decoder.feed(buffer, 0, read, request -> reply(out, request));
            }
        }
        catch (IOException | UncheckedIOException e) {
            // The bridge closed the pipes: the worker ends, as a real one does on EOF.
        }
        finally {
            exit.complete(0);
        }
    }

    // The request's id sits between "id": and the next comma, as MessageCodec writes it.
    private static void reply(OutputStream out, byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 32), StandardCharsets.US_ASCII);
        String id = text.substring(text.indexOf(':') + 1, text.indexOf(','));
        try {
            out.write(Frames.frame(("{\"id\":" + id + ",\"success\":true,\"result\":\"hello\"}").getBytes(StandardCharsets.US_ASCII)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public OutputStream stdin() {
        return Channels.newOutputStream(requests.sink());
    }

    @Override
    public InputStream stdout() {
        return Channels.newInputStream(replies.source());
    }

    @Override
    public InputStream stderr() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void terminate() {
        kill();
    }

    @Override
    public void kill() {
        try {
            requests.sink().close();
            replies.source().close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
