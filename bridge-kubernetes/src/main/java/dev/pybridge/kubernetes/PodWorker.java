package dev.pybridge.kubernetes;

import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.kubernetes.PodAttacher.PodLink;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static java.util.Objects.requireNonNull;

/**
 * A worker in a pod, as its supervisor sees it: the attached container's stdio, and an exit when
 * the link ends. A link that ends, whether the worker exited or the connection dropped, ends the
 * worker: its pod is deleted, so that nothing runs on that no one can reach.
 */
final class PodWorker implements WorkerProcess {

    /** The exit code of a worker whose pod was deleted before its container's exit was known: as killed by SIGKILL. */
    static final int KILLED = 128 + 9;

    private final PodClient pods;
    private final String name;
    private final String host;
    private final Duration exitStatusWait;
    private final Executor executor;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile PodLink link;
    private volatile boolean killed;
    private volatile long announced = -1;

    /**
     * @param exitStatusWait how long to wait, after the link ended, for the kubelet to report the container's exit code
     * @param executor where the end of a link is handled, off the client's threads
     */
    PodWorker(PodClient pods, Pod pod, Duration exitStatusWait, Executor executor) {
        this.pods = requireNonNull(pods, "pods is null");
        this.name = pod.getMetadata().getName();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        this.host = node == null || node.isBlank() ? name : node;
        this.exitStatusWait = requireNonNull(exitStatusWait, "exitStatusWait is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    /** Attaches to the pod's worker container; the worker's streams are those of the link from then on. */
    void attach(PodAttacher attacher) {
        link = attacher.attach(pods.namespace(), name, this::linkEnded);
    }

    String name() {
        return name;
    }

    @Override
    public long pid() {
        return announced;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public OutputStream stdin() {
        return link.stdin();
    }

    @Override
    public InputStream stdout() {
        return link.stdout();
    }

    @Override
    public InputStream stderr() {
        return link.stderr();
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
    public void announced(long pid) {
        announced = pid;
    }

    /** Deletes the pod with its grace period: the container gets SIGTERM first. */
    @Override
    public void terminate() {
        pods.delete(name, false);
    }

    /** Deletes the pod at once (grace period 0) and drops the link. */
    @Override
    public void kill() {
        killed = true;
        pods.delete(name, true);
        PodLink open = link;
        if (open != null) {
            open.close();
        }
    }

    private void linkEnded() {
        try {
            executor.execute(this::end);
        } catch (RejectedExecutionException e) {
            // The launcher is closed: end here, on the client's thread, rather than never.
            end();
        }
    }

    private void end() {
        int code = KILLED;
        try {
            code = killed ? KILLED : exitCode();
            pods.delete(name, true);
        } finally {
            exit.complete(code);
        }
    }

    // The kubelet reports the container's end a moment after the stream closes.
    private int exitCode() {
        try {
            Pod pod = pods.await(name, candidate -> candidate == null || PodDiagnosis.ended(candidate), exitStatusWait);
            return pod == null ? KILLED : PodDiagnosis.exitCode(pod).orElse(KILLED);
        } catch (KubernetesClientException | IllegalStateException e) {
            // The server is unreachable, or the launcher closed its client: the code is not known.
            return KILLED;
        }
    }
}
