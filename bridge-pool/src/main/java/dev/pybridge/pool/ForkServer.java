package dev.pybridge.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One running fork server (python/pybridge/fork_server.py): started like a worker, with the run id
 * and the JVM's pid on its command line, so that it dies with the JVM and the orphan sweep finds it
 * and its children (a forked child keeps its parent's command line). Requests go to its stdin and
 * its events come from its stdout, one JSON object a line.
 */
final class ForkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForkServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_TAIL = 20;
    // A server killed with its children: how long their ends are waited for before they are reported.
    private static final long CHILD_END_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    // Python's 128 + SIGKILL: how a child lost with its server is reported.
    private static final int KILLED = 137;

    private final String name;
    private final WorkerProcess process;
    private final OutputStream requests;
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Child>> forks = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Integer>> children = new ConcurrentHashMap<>();
    private final AtomicLong refs = new AtomicLong();
    private final Deque<String> stderrTail = new ArrayDeque<>();

    /** A forked child: its pid, and its exit code once the server reaped it. */
    record Child(long pid, CompletableFuture<Integer> exit) {}

    /** Why the fork server cannot be used here, though its configuration is fine: the pool spawns instead. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private ForkServer(String name, WorkerProcess process) {
        this.name = name;
        this.process = process;
        this.requests = process.stdin();
    }

    /**
     * Starts a fork server with {@code delegate}, importing {@code preload}, and waits until it is ready.
     *
     * @param worker the launch of a worker, whose interpreter, run id and JVM pid the server takes
     * @throws BridgeConfigurationException when a preload module fails to import or leaves the process unsafe to fork
     * @throws Unavailable when this Python cannot fork
     */
    static ForkServer start(String name, WorkerLauncher delegate, LaunchSpec worker, List<String> preload, WorkerSockets sockets) {
        List<String> arguments = new ArrayList<>(List.of("--fork-server", "--socket", sockets.path().toString()));
        copyOption(worker.workerArguments(), "--run-id", arguments);
        copyOption(worker.workerArguments(), "--parent-pid", arguments);
        preload.forEach(module -> arguments.addAll(List.of("--preload", module)));
        LaunchSpec spec = new LaunchSpec(name, worker.python(), arguments, worker.startupTimeout(), worker.cacheDirectory());
        ForkServer server = new ForkServer(name, delegate.launch(spec));
        server.daemon("events", server::readEvents);
        server.daemon("stderr", server::readStderr);
        try {
            server.awaitReady(worker.startupTimeout(), preload);
            return server;
        }
        catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static void copyOption(List<String> from, String option, List<String> to) {
        int at = from.indexOf(option);
        if (at >= 0 && at + 1 < from.size()) {
            to.addAll(List.of(option, from.get(at + 1)));
        }
    }

    private void awaitReady(Duration timeout, List<String> preload) {
        JsonNode event;
        try {
            event = greeting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartupException("the start of fork server " + name + " was interrupted", name, stderrTail(), e);
        }
        catch (TimeoutException | ExecutionException e) {
            throw new WorkerStartupException("fork server " + name + " was not ready within " + timeout.toMillis()
                    + " ms (importing " + preload + ")" + stderrLines(), name, stderrTail(), null);
        }
        String kind = event.path("event").asText();
        switch (kind) {
            case "ready" -> LOG.info("fork server {} (pid {}) imported {} and forks the pool's workers", name, process.pid(), preload);
            case "unavailable" -> throw new Unavailable(event.path("reason").asText());
            case "refused" -> throw new BridgeConfigurationException("the fork server cannot fork safely: "
                    + event.path("message").asText() + " (threads: " + event.path("threads") + ")");
            case "failed" -> throw new BridgeConfigurationException("the fork server could not import its preload modules: "
                    + event.path("message").asText() + ": fix the module or remove it from PoolConfig.preload");
            default -> throw new WorkerStartupException("fork server " + name + " answered " + event + " instead of being ready",
                    name, stderrTail(), null);
        }
    }

    /** Whether it still serves. */
    boolean isAlive() {
        return !ended.isDone() && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Asks for a child that runs a worker with {@code arguments}, and returns it once forked. */
    Child fork(String workerId, String secret, List<String> arguments, Duration timeout) {
        long ref = refs.incrementAndGet();
        CompletableFuture<Child> forked = new CompletableFuture<>();
        forks.put(ref, forked);
        ObjectNode request = JSON.createObjectNode().put("op", "fork").put("ref", ref).put("worker", workerId).put("secret", secret);
        arguments.forEach(request.putArray("args")::add);
        try {
            send(request);
            return forked.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartupException("the fork of worker " + workerId + " was interrupted", workerId, List.of(), e);
        }
        catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
        catch (TimeoutException e) {
            throw new WorkerStartupException("fork server " + name + " did not fork worker " + workerId + " within "
                    + timeout.toMillis() + " ms" + stderrLines(), workerId, stderrTail(), null);
        }
        finally {
            forks.remove(ref);
        }
    }

    /** SIGKILL to the process group of child {@code pid}, if the server still runs (it ends them all when it ends). */
    void killGroup(long pid) {
        if (isAlive()) {
            try {
                send(JSON.createObjectNode().put("op", "kill").put("pid", pid));
            }
            catch (WorkerStartupException e) {
                LOG.debug("fork server {} is gone: {}", name, e.getMessage());
            }
        }
    }

    private void send(ObjectNode request) {
        byte[] line = (request + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (requests) {
            try {
                requests.write(line);
                requests.flush();
            }
            catch (IOException e) {
                throw new WorkerStartupException("fork server " + name + " is gone (" + e.getMessage() + ")" + stderrLines(),
                        name, stderrTail(), e);
            }
        }
    }

    private void readEvents() {
        try (BufferedReader events = new BufferedReader(new InputStreamReader(process.stdout(), StandardCharsets.UTF_8))) {
            for (String line = events.readLine(); line != null; line = events.readLine()) {
                onEvent(JSON.readTree(line));
            }
        }
        catch (IOException e) {
            LOG.debug("fork server {}'s events ended: {}", name, e.toString());
        }
        finally {
            serverEnded();
        }
    }

    private void onEvent(JsonNode event) {
        switch (event.path("event").asText()) {
            case "forked" -> {
                Child child = new Child(event.path("pid").asLong(), new CompletableFuture<>());
                children.put(child.pid(), child.exit());
                Optional.ofNullable(forks.get(event.path("ref").asLong())).ifPresent(fork -> fork.complete(child));
            }
            case "fork-failed" -> Optional.ofNullable(forks.get(event.path("ref").asLong())).ifPresent(fork -> fork.completeExceptionally(
                    new BridgeConfigurationException("fork server " + name + " cannot fork: " + event.path("message").asText())));
            case "exited" -> Optional.ofNullable(children.remove(event.path("pid").asLong()))
                    .ifPresent(exit -> exit.complete(event.path("status").asInt()));
            default -> greeting.complete(event);
        }
    }

    // Its children end with it (it kills them, or they see it gone); what is left is killed here, and reported.
    private void serverEnded() {
        ended.complete(null);
        String why = "fork server " + name + " ended" + stderrLines();
        greeting.completeExceptionally(new WorkerStartupException(why, name, stderrTail(), null));
        forks.values().forEach(fork -> fork.completeExceptionally(new WorkerStartupException(why, name, stderrTail(), null)));
        if (!children.isEmpty()) {
            LOG.warn("fork server {} (pid {}) ended with {} worker(s) still running; killing them", name, process.pid(), children.size());
        }
        children.keySet().forEach(pid -> ProcessHandle.of(pid).ifPresent(child -> {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }));
        long deadline = System.nanoTime() + CHILD_END_WAIT_NANOS;
        for (Map.Entry<Long, CompletableFuture<Integer>> child : children.entrySet()) {
            while (running(child.getKey()) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            child.getValue().complete(KILLED);
        }
        children.clear();
    }

    // A child whose parent is gone is reaped by another process in its own time: a zombie does not count.
    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(handle -> handle.isAlive() && !zombie(pid)).orElse(false);
    }

    private static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void readStderr() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.stderr(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                LOG.info("[{}] {}", name, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        }
        catch (IOException e) {
            LOG.debug("fork server {}'s stderr ended: {}", name, e.toString());
        }
    }

    private List<String> stderrTail() {
        synchronized (stderrTail) {
            return List.copyOf(stderrTail);
        }
    }

    private String stderrLines() {
        List<String> tail = stderrTail();
        return tail.isEmpty() ? "" : "; its last stderr lines:\n  " + String.join("\n  ", tail);
    }

    private void daemon(String role, Runnable task) {
        Thread thread = new Thread(task, "pybridge-" + name + "-" + role);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the server: its stdin closes, and it kills and reaps its children before it exits; killed if it does not within a few seconds. */
    @Override
    public void close() {
        try {
            requests.close();
        }
        catch (IOException e) {
            LOG.debug("closing fork server {}'s stdin failed: {}", name, e.toString());
        }
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException e) {
            LOG.debug("fork server {} did not exit in time: {}", name, e.toString());
        }
        process.kill();
        try {
            ended.get(CHILD_END_WAIT_NANOS * 2, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException e) {
            LOG.debug("fork server {}'s events did not end in time: {}", name, e.toString());
        }
    }
}
