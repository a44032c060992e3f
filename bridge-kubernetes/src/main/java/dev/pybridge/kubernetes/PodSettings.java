package dev.pybridge.kubernetes;

import dev.pybridge.kubernetes.PropertyValues.TolerationSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What every worker pod of one launcher has in common, read from the launcher's properties and
 * checked once, when the launcher is made.
 *
 * @param namespace where the pods go; empty for the client's current namespace
 * @param gpus how many of {@code gpuResource} each worker asks for
 */
record PodSettings(String image, Optional<String> namespace, String python, Optional<String> cpu, Optional<String> memory,
        Optional<Integer> gpus, String gpuResource, Map<String, String> nodeSelector, List<TolerationSpec> tolerations,
        Optional<String> serviceAccount, Optional<String> imagePullPolicy, Optional<String> pullSecret) {

    PodSettings {
        requireNonNull(image, "image is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(python, "python is null");
        requireNonNull(cpu, "cpu is null");
        requireNonNull(memory, "memory is null");
        requireNonNull(gpus, "gpus is null");
        requireNonNull(gpuResource, "gpuResource is null");
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        requireNonNull(serviceAccount, "serviceAccount is null");
        requireNonNull(imagePullPolicy, "imagePullPolicy is null");
        requireNonNull(pullSecret, "pullSecret is null");
    }

    /** Reads and checks the settings; a bad value fails naming its key and the form expected. */
    static PodSettings from(Map<String, String> properties) {
        PropertyValues values = new PropertyValues(properties);
        String image = values.required(KubernetesLauncherProvider.IMAGE, "the container image the workers run in, one with Python "
                + "3.9 or newer, such as python:3.12-slim");
        if (image.chars().anyMatch(Character::isWhitespace)) {
            throw PropertyValues.bad(KubernetesLauncherProvider.IMAGE, "must be an image reference without spaces, such as python:3.12-slim");
        }
        return new PodSettings(image, values.objectName(KubernetesLauncherProvider.NAMESPACE),
                values.required(KubernetesLauncherProvider.PYTHON, "the interpreter's command in the image, such as python3"),
                values.quantity(KubernetesLauncherProvider.CPU, "500m or 2"), values.quantity(KubernetesLauncherProvider.MEMORY, "512Mi or 4Gi"),
                values.count(KubernetesLauncherProvider.GPUS), values.labelKey(KubernetesLauncherProvider.GPU_RESOURCE),
                values.labels(KubernetesLauncherProvider.NODE_SELECTOR), values.tolerations(KubernetesLauncherProvider.TOLERATIONS),
                values.objectName(KubernetesLauncherProvider.SERVICE_ACCOUNT), values.pullPolicy(KubernetesLauncherProvider.IMAGE_PULL_POLICY),
                values.objectName(KubernetesLauncherProvider.PULL_SECRET));
    }
}
