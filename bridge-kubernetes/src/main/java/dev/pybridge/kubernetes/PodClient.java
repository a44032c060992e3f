package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/** The few things the launcher asks of the API server about worker pods, in one namespace. */
final class PodClient {

    private static final Logger LOG = LoggerFactory.getLogger(PodClient.class);

    private final KubernetesClient client;
    private final String namespace;

    PodClient(KubernetesClient client, String namespace) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /** The API server this client talks to, for messages. */
    String server() {
        return String.valueOf(client.getMasterUrl());
    }

    String namespace() {
        return namespace;
    }

    void create(Pod pod) {
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    /**
     * The pod once {@code condition} holds for it; the condition sees null, and null is returned,
     * once the pod is gone.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientTimeoutException when {@code timeout} passed first
     */
    Pod await(String name, Predicate<Pod> condition, Duration timeout) {
        return client.pods().inNamespace(namespace).withName(name).waitUntilCondition(condition, Math.max(1, timeout.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    Optional<Pod> get(String name) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
    }

    /** The pod's events, oldest first as the server lists them; none when they cannot be read. */
    List<Event> events(String name) {
        try {
            return client.v1().events().inNamespace(namespace).withField("involvedObject.name", name).list().getItems().stream()
                    .filter(event -> event.getInvolvedObject() != null && name.equals(event.getInvolvedObject().getName()))
                    .toList();
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read the events of pod {} in namespace {}", name, namespace, e);
            return List.of();
        }
    }

    /** Deletes the pod, at once when {@code now}; never throws: a pod that cannot be deleted is logged, and swept later. */
    void delete(String name, boolean now) {
        try {
            var pod = client.pods().inNamespace(namespace).withName(name);
            (now ? pod.withGracePeriod(0) : pod).delete();
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.warn("cannot delete worker pod {} in namespace {}: {}", name, namespace, e.getMessage());
        }
    }

    List<Pod> list(Map<String, String> labels) {
        return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
    }
}
