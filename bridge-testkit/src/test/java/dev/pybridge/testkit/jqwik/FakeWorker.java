package dev.pybridge.testkit.jqwik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pybridge.core.launch.WorkerProcess;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker in this JVM that speaks the wire protocol over {@link ChunkPipe}s: it sends a ready frame,
 * answers {@code cancel} and {@code shutdown} itself, and hands every other request to its
 * {@link Behaviour}, which decides what goes back and in which pieces.
 */
final class FakeWorker implements WorkerProcess {

    /** What the worker does with a request that is not its own housekeeping. */
    interface Behaviour {
        void onRequest(FakeWorker worker, long id, JsonNode args);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READY = "{\"ready\":true,\"pid\":-1,\"python\":\"3.11.0\",\"executable\":\"\",\"platform\":\"fake\","
            + "\"protocol\":2,\"worker_id\":\"fake\",\"threads\":1,\"commands\":[\"cancel\",\"echo\",\"shutdown\"]}";

    private final ChunkPipe requests = new ChunkPipe();
    private final ChunkPipe replies = new ChunkPipe();
    private final ChunkPipe stderr = new ChunkPipe();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Behaviour behaviour;

    FakeWorker(Behaviour behaviour) {
        this.behaviour = behaviour;
        Thread serving = new Thread(this::serve, "fake-worker");
        serving.setDaemon(true);
        serving.start();
    }

    /** Sends {@code chunks}, each as one piece the bridge reads on its own. */
    void emit(List<byte[]> chunks) {
        if (!exit.isDone()) {
            chunks.forEach(replies::put);
        }
    }

    /** Ends the worker: its streams end, then it exits with {@code code}. */
    void exit(int code) {
        replies.close();
        stderr.close();
        requests.close();
        exit.complete(code);
    }

    static byte[] frame(String json) {
        byte[] payload = json.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private void serve() {
        emit(List.of(frame("{\"id\":0,\"success\":true,\"result\":" + READY + "}")));
        DataInputStream in = new DataInputStream(requests.source());
        try {
            while (!exit.isDone()) {
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                answer(JSON.readTree(payload));
            }
        }
        catch (EOFException e) {
            exit(0);
        }
        catch (IOException e) {
            exit(3);
        }
    }

    private void answer(JsonNode request) {
        long id = request.get("id").asLong();
        switch (request.get("command").asText()) {
            case "cancel" -> emit(List.of(frame("{\"id\":" + id + ",\"success\":true,\"result\":{\"cancelled\":false}}")));
            case "shutdown" -> {
                emit(List.of(frame("{\"id\":" + id + ",\"success\":true,\"result\":{\"shutting_down\":true}}")));
                exit(0);
            }
            default -> behaviour.onRequest(this, id, request.path("args"));
        }
    }

    @Override
    public long pid() {
        return -1;
    }

    @Override
    public OutputStream stdin() {
        return requests.sink();
    }

    @Override
    public InputStream stdout() {
        return replies.source();
    }

    @Override
    public InputStream stderr() {
        return stderr.source();
    }

    @Override
    public CompletableFuture<Integer> onExit() {
        return exit;
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
}
