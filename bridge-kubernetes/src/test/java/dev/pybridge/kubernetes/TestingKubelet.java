package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.util.function.UnaryOperator;

/**
 * Plays the scheduler and the kubelet against fabric8's mock API server, which only stores what it
 * is sent: each new pod is placed on {@link #NODE} and given the status a test chooses.
 */
final class TestingKubelet implements AutoCloseable {

    static final String NODE = "node-7";

    private final Watch watch;

    private TestingKubelet(KubernetesClient client, String namespace, UnaryOperator<PodStatusBuilder> status) {
        this.watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.ADDED) {
                    String name = pod.getMetadata().getName();
                    client.pods().inNamespace(namespace).withName(name).edit(placed -> {
                        placed.getSpec().setNodeName(NODE);
                        return placed;
                    });
                    client.pods().inNamespace(namespace).withName(name).editStatus(placed -> {
                        placed.setStatus(status.apply(new PodStatusBuilder()).build());
                        return placed;
                    });
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** Runs every new pod. */
    static TestingKubelet running(KubernetesClient client, String namespace) {
        return new TestingKubelet(client, namespace, status -> status.withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
                .withName(PodManifest.CONTAINER).withNewState().withNewRunning().endRunning().endState().build()));
    }

    /** Gives every new pod the status {@code status} makes. */
    static TestingKubelet with(KubernetesClient client, String namespace, UnaryOperator<PodStatusBuilder> status) {
        return new TestingKubelet(client, namespace, status);
    }

    /** Says that the worker container of {@code pod} ended with {@code exitCode}. */
    static void terminate(KubernetesClient client, String namespace, String pod, int exitCode) {
        client.pods().inNamespace(namespace).withName(pod).editStatus(ended -> {
            ended.setStatus(new PodStatusBuilder(ended.getStatus()).withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(PodManifest.CONTAINER).withNewState().withNewTerminated()
                            .withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error").endTerminated().endState().build())
                    .build());
            return ended;
        });
    }

    @Override
    public void close() {
        watch.close();
    }
}
