package dev.pybridge.testkit.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fake worker driven by hand, with no bridge: frames written to its stdin and read from its
 * stdout as bytes, so that a test sees exactly what the worker writes. Every read waits at most
 * {@link Await#PATIENCE}.
 */
final class RawWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final WorkerProcess process;

    /** Launches a worker named {@code w1} with {@code options} after the ones a bridge always gives. */
    RawWorker(FakeWorkerLauncher launcher, String... options) {
        List<String> arguments = new ArrayList<>(List.of("--worker-id", "w1", "--run-id", "test", "--max-frame-bytes", "1024"));
        arguments.addAll(List.of(options));
        process = launcher.launch(new LaunchSpec("w1", PythonEnvironment.of("bridge-mock"), arguments, Await.PATIENCE, Optional.empty()));
    }

    /** Writes {@code json} as one frame. */
    void send(String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] header = {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length};
        write(header);
        write(payload);
    }

    /** Writes raw bytes to the worker's stdin. */
    void write(byte[] bytes) {
        try {
            process.stdin().write(bytes);
            process.stdin().flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the worker's stdin, as a bridge that goes away does. */
    void closeStdin() throws IOException {
        process.stdin().close();
    }

    /** The next frame, as JSON; fails if stdout ends first. */
    JsonNode read() {
        return within(() -> {
            byte[] header = process.stdout().readNBytes(4);
            if (header.length < 4) {
                throw new AssertionError("stdout ended instead of a frame");
            }
            int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            return JSON.readTree(process.stdout().readNBytes(length));
        });
    }

    /** Whether stdout ends (rather than holding more bytes). */
    boolean stdoutEnds() {
        return within(() -> process.stdout().read() == -1);
    }

    /** The next line the worker wrote to stderr. */
    String stderrLine() {
        return within(() -> {
            InputStream stderr = process.stderr();
            StringBuilder line = new StringBuilder();
            for (int b = stderr.read(); b != -1 && b != '\n'; b = stderr.read()) {
                line.append((char) b);
            }
            return line.toString();
        });
    }

    /** The exit code, once the worker has exited. */
    int exitCode() {
        return within(() -> process.onExit().get());
    }

    @Override
    public void close() {
        process.kill();
        exitCode();
    }

    static <T> T within(Callable<T> action) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return action.call();
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return result.get(Await.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        catch (InterruptedException | ExecutionException | TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("the fake worker did not do it within " + Await.PATIENCE.toSeconds() + " s", e);
        }
    }
}
