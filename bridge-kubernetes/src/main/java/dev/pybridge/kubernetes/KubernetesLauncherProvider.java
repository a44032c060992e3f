package dev.pybridge.kubernetes;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LauncherProperty;
import dev.pybridge.core.launch.LauncherProvider;
import dev.pybridge.core.launch.WorkerLauncher;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code kubernetes} launcher: one pod per worker ({@link KubernetesLauncher}). Its properties:
 *
 * <ul>
 *   <li>{@code image} (required): the container image, which needs only Python 3.9 or newer;
 *   <li>{@code namespace}: where the pods go; by default the client's current namespace;
 *   <li>{@code python}: the interpreter's command in the image, {@code python3} by default;
 *   <li>{@code cpu}, {@code memory}: each worker's requests and limits, as Kubernetes quantities
 *       ({@code 500m}, {@code 4Gi});
 *   <li>{@code gpus}, {@code gpu-resource}: how many GPUs each worker asks for, of the extended
 *       resource {@code nvidia.com/gpu} by default;
 *   <li>{@code node-selector}: {@code key=value} node labels separated by commas;
 *   <li>{@code tolerations}: taints to tolerate, separated by commas, each
 *       {@code key[=value][:effect]} ({@code gpu=true:NoSchedule,dedicated:NoExecute}); a key
 *       alone tolerates any value, no effect tolerates every effect;
 *   <li>{@code service-account}, {@code image-pull-policy}, {@code pull-secret}: as in a pod spec;
 *   <li>{@code context}, {@code kubeconfig}: which cluster; by default fabric8's own discovery
 *       (the in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}).
 * </ul>
 *
 * @since 0.3
 */
public final class KubernetesLauncherProvider implements LauncherProvider {

    /** The name this launcher is chosen by. */
    public static final String NAME = "kubernetes";

    static final String IMAGE = "image";
    static final String NAMESPACE = "namespace";
    static final String PYTHON = "python";
    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String GPUS = "gpus";
    static final String GPU_RESOURCE = "gpu-resource";
    static final String NODE_SELECTOR = "node-selector";
    static final String TOLERATIONS = "tolerations";
    static final String SERVICE_ACCOUNT = "service-account";
    static final String IMAGE_PULL_POLICY = "image-pull-policy";
    static final String PULL_SECRET = "pull-secret";
    static final String CONTEXT = "context";
    static final String KUBECONFIG = "kubeconfig";

    private static final Set<LauncherProperty> PROPERTIES = Set.of(
            LauncherProperty.of(IMAGE, "the container image of the workers; it needs only Python 3.9 or newer (required)"),
            LauncherProperty.of(NAMESPACE, "the namespace of the worker pods; by default the client's current namespace"),
            LauncherProperty.of(PYTHON, "the Python interpreter's command in the image", "python3"),
            LauncherProperty.of(CPU, "each worker's CPU request and limit, a Kubernetes quantity such as 500m or 2"),
            LauncherProperty.of(MEMORY, "each worker's memory request and limit, a Kubernetes quantity such as 512Mi or 4Gi"),
            LauncherProperty.of(GPUS, "how many GPUs each worker asks for"),
            LauncherProperty.of(GPU_RESOURCE, "the extended resource that counts GPUs", "nvidia.com/gpu"),
            LauncherProperty.of(NODE_SELECTOR, "node labels a worker's node must have: key=value pairs separated by commas"),
            LauncherProperty.of(TOLERATIONS, "taints the workers tolerate, separated by commas: key[=value][:NoSchedule|PreferNoSchedule|NoExecute]"),
            LauncherProperty.of(SERVICE_ACCOUNT, "the service account of the worker pods"),
            LauncherProperty.of(IMAGE_PULL_POLICY, "Always, IfNotPresent or Never"),
            LauncherProperty.of(PULL_SECRET, "the secret holding the registry credentials for the image"),
            LauncherProperty.of(CONTEXT, "the kubeconfig context to use; by default the current one"),
            LauncherProperty.of(KUBECONFIG, "the kubeconfig file; by default fabric8's discovery: in-cluster, KUBECONFIG, ~/.kube/config"));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<LauncherProperty> properties() {
        return PROPERTIES;
    }

    @Override
    public WorkerLauncher create(Map<String, String> properties) {
        PodSettings settings = PodSettings.from(properties);
        PropertyValues values = new PropertyValues(properties);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(values.optional(CONTEXT), values.optional(KUBECONFIG))).build();
        return new KubernetesLauncher(client, settings, JvmIdentity.fromEnvironment(System.getenv()));
    }

    private static Config config(Optional<String> context, Optional<String> kubeconfig) {
        try {
            if (kubeconfig.isPresent()) {
                File file = new File(kubeconfig.get());
                if (!file.isFile()) {
                    throw PropertyValues.bad(KUBECONFIG, "must name a kubeconfig file that exists");
                }
                return Config.fromKubeconfig(context.orElse(null), file);
            }
            return Config.autoConfigure(context.orElse(null));
        } catch (KubernetesClientException e) {
            // The client's message may quote the file; the cause keeps it for whoever reads the trace.
            throw new BridgeConfigurationException("launcher '" + NAME + "': cannot read the cluster configuration"
                    + (context.isPresent() ? " for the context of property '" + CONTEXT + "'" : "")
                    + "; check properties '" + KUBECONFIG + "' and '" + CONTEXT + "'", e);
        }
    }
}
