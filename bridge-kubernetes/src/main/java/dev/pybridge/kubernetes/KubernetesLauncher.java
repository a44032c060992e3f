package dev.pybridge.kubernetes;

import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerBootstrap;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.kubernetes.JvmIdentity.OwnerPod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs each worker in a pod of its own, through the fabric8 Kubernetes client: the pod's one
 * container runs {@link WorkerBootstrap}'s command with stdin open, the launcher attaches to its
 * stdio once it runs and sends the worker package down its stdin. Kubernetes places the pod (node
 * selector, tolerations, CPU, memory and GPU requests); nothing here schedules.
 *
 * <p>Every pod is labelled {@code app.kubernetes.io/name=pybridge-worker}, with the run id of the
 * JVM that started it ({@code pybridge.dev/run-id}), that JVM's host or pod
 * ({@code pybridge.dev/run-host}) and the worker's id ({@code pybridge.dev/worker-id}). When this
 * JVM runs in a pod of the same namespace and the downward API names it ({@code POD_NAME},
 * {@code POD_UID}, {@code POD_NAMESPACE}), that pod owns the workers' pods, and Kubernetes deletes
 * them with it. A worker whose link ends, a killed worker, and the workers still running when the
 * launcher closes have their pods deleted at once; {@link #sweepOrphans()} deletes those of runs
 * of this host whose JVM is gone.
 *
 * <p>Made by {@link KubernetesLauncherProvider} ({@code kubernetes}), whose properties configure it.
 *
 * @since 0.3
 */
public final class KubernetesLauncher implements WorkerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesLauncher.class);
    private static final Duration EXIT_STATUS_WAIT = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final String RUN_ID = "--run-id";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KubernetesClient client;
    private final PodSettings settings;
    private final PodClient pods;
    private final PodManifest manifest;
    private final PodAttacher attacher;
    private final Duration exitStatusWait;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "pybridge-kubernetes-link");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<PodWorker> running = ConcurrentHashMap.newKeySet();

    KubernetesLauncher(KubernetesClient client, PodSettings settings, JvmIdentity jvm) {
        this(client, settings, jvm, new ClientAttacher(client), EXIT_STATUS_WAIT);
    }

    KubernetesLauncher(KubernetesClient client, PodSettings settings, JvmIdentity jvm, PodAttacher attacher, Duration exitStatusWait) {
        this.client = requireNonNull(client, "client is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.attacher = requireNonNull(attacher, "attacher is null");
        this.exitStatusWait = requireNonNull(exitStatusWait, "exitStatusWait is null");
        String clientNamespace = Optional.ofNullable(client.getNamespace()).orElse("default");
        String namespace = settings.namespace().orElse(clientNamespace);
        this.pods = new PodClient(client, namespace);
        this.manifest = new PodManifest(settings, namespace, "", jvm.host(), owner(jvm, namespace, clientNamespace));
    }

    /** The namespace of the worker pods. */
    String namespace() {
        return pods.namespace();
    }

    @Override
    public WorkerProcess launch(LaunchSpec spec) {
        WorkerBootstrap bootstrap = WorkerBootstrap.of(spec);
        String name = podName(spec.workerId());
        Pod pod = forRun(runId(spec.workerArguments())).pod(name, spec.workerId(), bootstrap.command(settings.python()));
        try {
            pods.create(pod);
        } catch (KubernetesClientException e) {
            throw new WorkerStartupException("cannot create pod " + name + " for worker " + spec.workerId() + " in namespace " + namespace()
                    + " through the API server " + pods.server() + ": " + reason(e) + (e.getCode() == 403 ? "; the service account needs the Role of README.md, \"Kubernetes\"" : ""),
                    spec.workerId(), List.of(), e);
        }
        PodWorker worker = new PodWorker(pods, new PodStartup(pods).awaitRunning(name, spec.workerId(), spec.startupTimeout()),
                exitStatusWait, executor);
        running.add(worker);
        worker.onExit().whenComplete((code, failure) -> running.remove(worker));
        try {
            worker.attach(attacher);
            bootstrap.sendBundle(worker.stdin());
        } catch (IOException | KubernetesClientException e) {
            worker.kill();
            throw new WorkerStartupException("cannot attach to pod " + name + " of worker " + spec.workerId() + " in namespace " + namespace()
                    + ": " + reason(e) + "; the service account needs pods/attach (README.md, \"Kubernetes\")", spec.workerId(), List.of(), e);
        }
        return worker;
    }

    /** None: Kubernetes' scheduler places each pod, so there is no host to name in advance. */
    @Override
    public List<String> hosts() {
        return List.of();
    }

    /** Deletes the pods of this host's runs whose JVM is gone. */
    @Override
    public void sweepOrphans() {
        new OrphanPods(pods, manifest.runHost()).sweep();
    }

    /** Deletes the pods of the workers still running, then closes the client. */
    @Override
    public void close() {
        running.forEach(PodWorker::kill);
        executor.shutdown();
        try {
            // The ends of the links just dropped delete their pods through the client, which must wait for them.
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker pods still being deleted after {}; the next sweep deletes what is left", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private PodManifest forRun(String runId) {
        return new PodManifest(settings, manifest.namespace(), runId, manifest.runHost(), manifest.owner());
    }

    private static Optional<OwnerPod> owner(JvmIdentity jvm, String namespace, String clientNamespace) {
        Optional<OwnerPod> owner = jvm.pod().filter(pod -> pod.namespace().orElse(clientNamespace).equals(namespace));
        if (jvm.pod().isPresent() && owner.isEmpty()) {
            // An owner in another namespace counts as missing, and its dependents would be deleted at once.
            LOG.warn("the worker pods in namespace {} are not owned by this JVM's pod {}, which is in another namespace: "
                    + "they outlive it until a sweep deletes them", namespace, jvm.pod().get().name());
        }
        return owner;
    }

    private static String runId(List<String> workerArguments) {
        int at = workerArguments.indexOf(RUN_ID);
        return at >= 0 && at + 1 < workerArguments.size() ? workerArguments.get(at + 1) : "none";
    }

    // A DNS label: the worker's id made to fit, and a random suffix, since ids repeat across runs and JVMs.
    private static String podName(String workerId) {
        String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        return "pybridge-" + Labels.dnsLabel(workerId, 40) + "-" + suffix.substring(0, Math.min(8, suffix.length()));
    }

    /** fabric8's message, with the innermost cause's when the message alone says nothing ("An error has occurred."). */
    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
