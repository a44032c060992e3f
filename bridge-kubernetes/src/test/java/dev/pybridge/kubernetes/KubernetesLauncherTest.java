package dev.pybridge.kubernetes;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerBootstrap;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.kubernetes.JvmIdentity.OwnerPod;
import dev.pybridge.testing.Await;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher against fabric8's mock API server (CRUD mode), a test kubelet, and an attacher that records. */
class KubernetesLauncherTest {

    private static final String NAMESPACE = "ml";
    private static final String RUN_ID = "4242-lx0abc";

    private final KubernetesMockServer server = MockApiServer.crud();
    private final RecordingAttacher attacher = new RecordingAttacher();
    private KubernetesClient client;
    private KubernetesLauncher launcher;

    @BeforeEach
    void startServer() {
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        if (launcher != null) {
            launcher.close();
        }
        client.close();
        server.destroy();
    }

    @Test
    void aWorkersPodRunsTheBootstrapWithItsLabelsResourcesPlacementAndOwner() throws IOException {
        launcher = launcher(Map.of("cpu", "500m", "memory", "1Gi", "gpus", "2", "node-selector", "gpu=a100,zone=eu-1",
                "tolerations", "gpu=true:NoSchedule,dedicated:NoExecute", "service-account", "pybridge-worker",
                "image-pull-policy", "IfNotPresent", "pull-secret", "registry"),
                new JvmIdentity("jvm-pod-1", Optional.of(new OwnerPod("jvm-pod-1", "uid-1", Optional.of(NAMESPACE)))));
        LaunchSpec spec = spec("worker-1");
        WorkerProcess worker;
        try (TestingKubelet kubelet = TestingKubelet.running(client, NAMESPACE)) {
            worker = launcher.launch(spec);
        }
        Pod pod = onlyPod();
        String name = pod.getMetadata().getName();
        assertTrue(name.startsWith("pybridge-worker-1-"), name);
        assertEquals(TestingKubelet.NODE, worker.host());
        assertEquals(-1, worker.pid());
        worker.announced(31);
        assertEquals(31, worker.pid());
        assertEquals(Map.of("app.kubernetes.io/name", "pybridge-worker", "pybridge.dev/run-id", RUN_ID, "pybridge.dev/run-host", "jvm-pod-1",
                "pybridge.dev/worker-id", "worker-1"), pod.getMetadata().getLabels());

        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertEquals("pybridge-worker", pod.getSpec().getServiceAccountName());
        assertEquals(Map.of("gpu", "a100", "zone", "eu-1"), pod.getSpec().getNodeSelector());
        assertEquals("registry", pod.getSpec().getImagePullSecrets().get(0).getName());
        Toleration gpu = pod.getSpec().getTolerations().get(0);
        Toleration dedicated = pod.getSpec().getTolerations().get(1);
        assertEquals(List.of("gpu", "Equal", "true", "NoSchedule"), List.of(gpu.getKey(), gpu.getOperator(), gpu.getValue(), gpu.getEffect()));
        assertEquals(List.of("dedicated", "Exists", "NoExecute"), List.of(dedicated.getKey(), dedicated.getOperator(), dedicated.getEffect()));
        assertNull(dedicated.getValue());

        Container container = pod.getSpec().getContainers().get(0);
        assertEquals("python:3.12-slim", container.getImage());
        assertEquals("IfNotPresent", container.getImagePullPolicy());
        assertEquals(WorkerBootstrap.of(spec).command("python3"), container.getCommand());
        assertFalse(container.getCommand().contains("--parent-pid"), "a pid of this machine names nothing in a pod");
        assertTrue(String.join(" ", container.getCommand()).length() < 1000, "the package goes down stdin, not on the command line");
        assertEquals(List.of(true, true, false), List.of(container.getStdin(), container.getStdinOnce(), container.getTty()));
        Map<String, Quantity> amounts = Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi"), "nvidia.com/gpu", new Quantity("2"));
        assertEquals(amounts, container.getResources().getRequests());
        assertEquals(amounts, container.getResources().getLimits());

        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertEquals(List.of("v1", "Pod", "jvm-pod-1", "uid-1"), List.of(owner.getApiVersion(), owner.getKind(), owner.getName(), owner.getUid()));

        assertEquals(List.of(NAMESPACE + "/" + name), attacher.attached);
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        WorkerBootstrap.of(spec).sendBundle(bundle);
        assertArrayEquals(bundle.toByteArray(), attacher.stdinOf(name), "the worker package is the first thing down the pod's stdin");
    }

    @Test
    void withoutTheDownwardApiOrInAnotherNamespaceTheJvmsPodOwnsNothing() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        launchRunning("w-1");
        assertTrue(onlyPod().getMetadata().getOwnerReferences().isEmpty());
        assertNull(onlyPod().getSpec().getContainers().get(0).getResources());
        launcher.close();
        Await.until("the first pod is deleted", 30, () -> pods().isEmpty());
        launcher = launcher(Map.of(), new JvmIdentity("jvm-pod-1", Optional.of(new OwnerPod("jvm-pod-1", "uid-1", Optional.of("elsewhere")))));
        launchRunning("w-2");
        assertTrue(onlyPod().getMetadata().getOwnerReferences().isEmpty(), "an owner in another namespace would have the pod deleted at once");
    }

    @Test
    void killingAWorkerDeletesItsPod() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerProcess worker = launchRunning("w-1");
        assertTrue(worker.isAlive());
        worker.kill();
        assertEquals(PodWorker.KILLED, worker.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertFalse(worker.isAlive());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
    }

    @Test
    void aLinkThatEndsEndsTheWorkerWithItsContainersExitCodeAndDeletesThePod() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerProcess worker = launchRunning("w-1");
        String name = onlyPod().getMetadata().getName();
        TestingKubelet.terminate(client, NAMESPACE, name, 3);
        attacher.drop(name);
        assertEquals(3, worker.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
    }

    @Test
    void aDroppedLinkToARunningContainerDeletesThePod() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerProcess worker = launchRunning("w-1");
        attacher.drop(onlyPod().getMetadata().getName());
        assertEquals(PodWorker.KILLED, worker.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
    }

    @Test
    void closingTheLauncherDeletesThePodsOfItsRunningWorkers() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerProcess first = launchRunning("w-1");
        WorkerProcess second = launchRunning("w-2");
        assertEquals(2, pods().size());
        launcher.close();
        launcher = null;
        Await.until("both pods are deleted", 30, () -> pods().isEmpty());
        assertEquals(PodWorker.KILLED, first.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        assertEquals(PodWorker.KILLED, second.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    }

    @Test
    void aPodThatCannotPullItsImageFailsTheStartNamingThePodItsPhaseAndReasonAndIsDeleted() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerStartupException error;
        try (TestingKubelet kubelet = TestingKubelet.with(client, NAMESPACE, status -> status.withPhase("Pending")
                .addNewContainerStatus().withName(PodManifest.CONTAINER).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"python:3.12-slim\"").endWaiting().endState().endContainerStatus())) {
            error = assertThrows(WorkerStartupException.class, () -> launcher.launch(spec("w-1", Duration.ofSeconds(2))));
        }
        assertEquals("w-1", error.workerId());
        assertTrue(error.getMessage().matches("pod pybridge-w-1-\\w+ of worker w-1 in namespace ml did not run within 2000 ms "
                + "\\(LaunchSpec.startupTimeout\\): phase Pending; container waiting: ImagePullBackOff \\(Back-off pulling image "
                + "\"python:3.12-slim\"\\); the pod is deleted"), error.getMessage());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
        assertTrue(attacher.attached.isEmpty());
    }

    /** The latest event is not checked here: the mock server answers no field selector but the object's name (PodDiagnosisTest checks it). */
    @Test
    void anUnschedulablePodSaysWhy() {
        launcher = launcher(Map.of("gpus", "8"), new JvmIdentity("laptop", Optional.empty()));
        WorkerStartupException error;
        try (TestingKubelet kubelet = TestingKubelet.with(client, NAMESPACE, status -> status.withPhase("Pending").addNewCondition()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.").endCondition())) {
            error = assertThrows(WorkerStartupException.class, () -> launcher.launch(spec("w-1", Duration.ofSeconds(2))));
        }
        assertTrue(error.getMessage().endsWith("phase Pending; not scheduled: Unschedulable (0/3 nodes are available: 3 Insufficient "
                + "nvidia.com/gpu.); the pod is deleted"), error.getMessage());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
    }

    @Test
    void aPodThatEndsBeforeItRunsFailsTheStart() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        WorkerStartupException error;
        try (TestingKubelet kubelet = TestingKubelet.with(client, NAMESPACE, status -> status.withPhase("Failed").addNewContainerStatus()
                .withName(PodManifest.CONTAINER).withNewState().withNewTerminated().withExitCode(127).withReason("Error").endTerminated()
                .endState().endContainerStatus())) {
            error = assertThrows(WorkerStartupException.class, () -> launcher.launch(spec("w-1")));
        }
        assertTrue(error.getMessage().contains(" ended before it ran: phase Failed; container terminated: Error, exit code 127;"), error.getMessage());
        Await.until("the pod is deleted", 30, () -> pods().isEmpty());
    }

    @Test
    void theSweepDeletesThePodsOfDeadRunsOfThisHostByLabelAndLeavesTheRest() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        String live = ProcessHandle.current().pid() + "-"
                + Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli(), 36);
        String dead = "4194305-lx0abc"; // a pid above Linux's largest
        String reused = ProcessHandle.current().pid() + "-1"; // this JVM's pid, another start time: a JVM that had it before
        createPod("dead", Map.of(Labels.RUN_ID, dead, Labels.RUN_HOST, "laptop"));
        createPod("reused", Map.of(Labels.RUN_ID, reused, Labels.RUN_HOST, "laptop"));
        createPod("live", Map.of(Labels.RUN_ID, live, Labels.RUN_HOST, "laptop"));
        createPod("other-host", Map.of(Labels.RUN_ID, dead, Labels.RUN_HOST, "build-server"));
        createPod("unreadable", Map.of(Labels.RUN_ID, "none", Labels.RUN_HOST, "laptop"));
        launcher.sweepOrphans();
        Await.until("the dead runs' pods are deleted", 30, () -> !pods().contains("dead") && !pods().contains("reused"));
        assertEquals(List.of("live", "other-host", "unreadable"), pods().stream().sorted().toList());
    }

    @Test
    void aSweepThatCannotReachTheServerThrowsNothing() {
        launcher = launcher(Map.of(), new JvmIdentity("laptop", Optional.empty()));
        server.destroy();
        launcher.sweepOrphans();
    }

    private void createPod(String name, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(Labels.APP, Labels.APP_VALUE);
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata()
                .build()).create();
    }

    private KubernetesLauncher launcher(Map<String, String> properties, JvmIdentity jvm) {
        Map<String, String> all = new HashMap<>(Map.of("image", "python:3.12-slim", "namespace", NAMESPACE, "python", "python3",
                "gpu-resource", "nvidia.com/gpu"));
        all.putAll(properties);
        // A client of its own: closing the launcher closes it.
        return new KubernetesLauncher(server.createClient(), PodSettings.from(all), jvm, attacher, Duration.ofMillis(200));
    }

    private WorkerProcess launchRunning(String workerId) {
        try (TestingKubelet kubelet = TestingKubelet.running(client, NAMESPACE)) {
            return launcher.launch(spec(workerId));
        }
    }

    private Pod onlyPod() {
        List<Pod> pods = client.pods().inNamespace(NAMESPACE).list().getItems();
        assertEquals(1, pods.size(), "pods: " + pods.stream().map(pod -> pod.getMetadata().getName()).toList());
        return pods.get(0);
    }

    private List<String> pods() {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    private static LaunchSpec spec(String workerId) {
        return spec(workerId, Duration.ofSeconds(60));
    }

    private static LaunchSpec spec(String workerId, Duration startupTimeout) {
        return new LaunchSpec(workerId, PythonEnvironment.of("python3"), List.of("--worker-id", workerId, "--run-id", RUN_ID,
                "--parent-pid", "77", "--threads", "1"), startupTimeout, Optional.empty());
    }
}
