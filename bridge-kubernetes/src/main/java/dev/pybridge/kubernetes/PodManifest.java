package dev.pybridge.kubernetes;

import dev.pybridge.kubernetes.JvmIdentity.OwnerPod;
import dev.pybridge.kubernetes.PropertyValues.TolerationSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The pod of one worker: a single container running the bootstrap's command with stdin open for the
 * bundle and the framed protocol after it, never restarted (a worker that ends is replaced by the
 * bridge, not by the kubelet), labelled with the run that started it.
 *
 * @param owner this JVM's pod, when the workers may be owned by it
 */
record PodManifest(PodSettings settings, String namespace, String runId, String runHost, Optional<OwnerPod> owner) {

    static final String CONTAINER = "worker";

    PodManifest {
        requireNonNull(settings, "settings is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(runHost, "runHost is null");
        requireNonNull(owner, "owner is null");
    }

    /** The labels every pod of this run has, by which the sweep finds them. */
    Map<String, String> runLabels() {
        return Map.of(Labels.APP, Labels.APP_VALUE, Labels.RUN_ID, Labels.value(runId), Labels.RUN_HOST, runHost);
    }

    Pod pod(String name, String workerId, List<String> command) {
        Map<String, String> labels = new LinkedHashMap<>(runLabels());
        labels.put(Labels.WORKER_ID, Labels.value(workerId));
        return new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withOwnerReferences(owner.map(PodManifest::ownerReference).stream().toList())
                .endMetadata()
                .withNewSpec()
                    .withRestartPolicy("Never")
                    .withServiceAccountName(settings.serviceAccount().orElse(null))
                    .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                    .withTolerations(settings.tolerations().stream().map(PodManifest::toleration).toList())
                    .withImagePullSecrets(settings.pullSecret().map(LocalObjectReference::new).stream().toList())
                    .withContainers(new ContainerBuilder()
                            .withName(CONTAINER)
                            .withImage(settings.image())
                            .withImagePullPolicy(settings.imagePullPolicy().orElse(null))
                            .withCommand(command)
                            .withStdin(true)
                            .withStdinOnce(true)
                            .withTty(false)
                            .addNewEnv().withName("PYTHONIOENCODING").withValue("utf-8").endEnv()
                            .withResources(resources())
                            .build())
                .endSpec()
                .build();
    }

    // Requests equal to limits: a worker gets what it asks for, and a GPU (an extended resource) takes no other form.
    private io.fabric8.kubernetes.api.model.ResourceRequirements resources() {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        settings.cpu().ifPresent(cpu -> amounts.put("cpu", new Quantity(cpu)));
        settings.memory().ifPresent(memory -> amounts.put("memory", new Quantity(memory)));
        settings.gpus().ifPresent(gpus -> amounts.put(settings.gpuResource(), new Quantity(Integer.toString(gpus))));
        return amounts.isEmpty() ? null : new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build();
    }

    private static Toleration toleration(TolerationSpec spec) {
        return new TolerationBuilder()
                .withKey(spec.key())
                .withOperator(spec.value().isPresent() ? "Equal" : "Exists")
                .withValue(spec.value().orElse(null))
                .withEffect(spec.effect().orElse(null))
                .build();
    }

    // Not blocking the owner's deletion: that would need the right to update the JVM's pod's finalizers.
    private static OwnerReference ownerReference(OwnerPod pod) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.name())
                .withUid(pod.uid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }
}
