package dev.pybridge.core.internal.engine;

import dev.pybridge.core.internal.protocol.FrameDecoder;
import dev.pybridge.core.internal.protocol.Frames;
import dev.pybridge.core.internal.protocol.MessageCodec;
import dev.pybridge.core.launch.WorkerProcess;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A worker played by a Java thread behind two real pipes, speaking the real wire protocol: the
 * engine's codec, reader, writer and supervision run exactly as with Python, while the test
 * decides what each request gets (an answer, an error, a wait until the test releases it, the
 * worker's death) and sees every request it received, in order. It answers {@code shutdown} and
 * {@code cancel} itself, as the real worker does.
 */
final class FakeWorker implements WorkerProcess {

    private static final MessageCodec CODEC = new MessageCodec(1 << 20);

    /** A request as the worker received it. */
    record Request(long id, String command, Map<?, ?> args, Optional<String> session) {}

    /** What the worker does with a request. */
    sealed interface Action permits Answer, Hold, Die {}

    /** Answers at once with {@code value}. */
    record Answer(Object value) implements Action {}

    /** Keeps the request until the test releases it, as a busy worker would. */
    record Hold() implements Action {}

    /** Exits with {@code code} without answering, as a crash would. */
    record Die(int code) implements Action {}

    private volatile boolean deaf;
    private final long pid;
    private final Function<Request, Action> behavior;
    private final Pipe requests;
    private final Pipe replies;
    private final OutputStream out;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<Long, Request> held = new ConcurrentHashMap<>();

    FakeWorker(long pid, Function<Request, Action> behavior) {
        this.pid = pid;
        this.behavior = behavior;
        try {
            requests = Pipe.open();
            replies = Pipe.open();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out = Channels.newOutputStream(replies.sink());
        Thread serving = new Thread(this::serve, "fake-worker-" + pid);
        serving.setDaemon(true);
        serving.start();
    }

    /** Every request received so far, in order, the ones it answered itself included. */
    List<Request> received() {
        return List.copyOf(received);
    }

    /** The commands received so far, in order, without {@code shutdown} and {@code cancel}. */
    List<String> commands() {
        return received.stream().map(Request::command).filter(command -> !command.equals("shutdown") && !command.equals("cancel")).toList();
    }

    /** The requests held now. */
    List<Request> held() {
        return received.stream().filter(request -> held.containsKey(request.id())).toList();
    }

    /** Answers a held request with {@code value}. */
    void release(Request request, Object value) {
        if (held.remove(request.id()) == null) {
            throw new IllegalStateException("request " + request + " is not held");
        }
        answer(request.id(), value);
    }

    /**
     * Ends the process with {@code code} while its pipes stay open and nothing answers on them, as
     * when a child the worker forked holds them: the engine knows of the exit before it reads the
     * end of the replies.
     */
    void exitKeepingPipes(int code) {
        deaf = true;
        exit.complete(code);
    }

    /** Ends the process with {@code code}, as a crash or a kill does. */
    void exit(int code) {
        if (exit.isDone()) {
            return;
        }
        try {
            replies.sink().close();
            requests.source().close();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exit.complete(code);
    }

    private void serve() {
        try (InputStream in = Channels.newInputStream(requests.source())) {
            write(Map.of("id", 0L, "success", true, "result", Map.of("ready", true, "pid", pid, "python", "3.11.0",
                    "protocol", 2L, "threads", 1L, "commands", List.of("echo", "eval", "exec"))));
            FrameDecoder decoder = new FrameDecoder(1 << 20);
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) != -1) {
                decoder.feed(buffer, 0, read, frame -> handle((Map<?, ?>) CODEC.decodeValue(frame)));
            }
        }
        catch (IOException | UncheckedIOException e) {
            // The engine closed the pipes, or the worker exited: it serves no more.
        }
        exit(0);
    }

    private void handle(Map<?, ?> message) {
        Object session = message.get("session");
        Request request = new Request((Long) message.get("id"), (String) message.get("command"),
                message.get("args") instanceof Map<?, ?> args ? args : Map.of(), Optional.ofNullable((String) session));
        received.add(request);
        if (deaf) {
            return;
        }
        switch (request.command()) {
            case "shutdown" -> {
                answer(request.id(), Map.of("shutting_down", true));
                exit(0);
            }
            case "cancel" -> answer(request.id(), Map.of("cancelled", false));
            default -> act(request, behavior.apply(request));
        }
    }

    private void act(Request request, Action action) {
        if (action instanceof Answer answer) {
            answer(request.id(), answer.value());
        }
        else if (action instanceof Die die) {
            exit(die.code());
        }
        else {
            held.put(request.id(), request);
        }
    }

    private void answer(long id, Object value) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("success", true);
        reply.put("result", value);
        write(reply);
    }

    private synchronized void write(Map<String, Object> reply) {
        if (exit.isDone()) {
            return;
        }
        try {
            out.write(Frames.frame(CODEC.encodeValue(reply)));
            out.flush();
        }
        catch (IOException e) {
            // The engine stopped reading: this worker is gone for it.
        }
    }

    @Override
    public long pid() {
        return pid;
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
        exit(143);
    }

    @Override
    public void kill() {
        exit(137);
    }

    @Override
    public String toString() {
        return "FakeWorker[" + pid + "]";
    }
}
