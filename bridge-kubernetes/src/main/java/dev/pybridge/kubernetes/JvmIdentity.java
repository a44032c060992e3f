package dev.pybridge.kubernetes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where this JVM runs, as its worker pods record it. {@code host} goes on every pod as the
 * {@code pybridge.dev/run-host} label: a JVM sweeps only pods of its own host, the only place where
 * it can tell whether the JVM of a run id still lives. {@code pod} is this JVM's own pod when it
 * runs in the cluster, which becomes the owner of its workers' pods so that Kubernetes' garbage
 * collector deletes them with it.
 *
 * @param host the label value naming this JVM's pod or machine
 * @param pod this JVM's pod, when the downward API names it ({@code POD_NAME}, {@code POD_UID})
 */
record JvmIdentity(String host, Optional<OwnerPod> pod) {

    JvmIdentity {
        requireNonNull(host, "host is null");
        requireNonNull(pod, "pod is null");
    }

    /**
     * From the environment the README's manifest sets through the downward API: {@code POD_NAME},
     * {@code POD_UID} and {@code POD_NAMESPACE}. Outside a pod, the host is the machine's name.
     */
    static JvmIdentity fromEnvironment(Map<String, String> environment) {
        Optional<String> name = nonBlank(environment.get("POD_NAME"));
        Optional<String> uid = nonBlank(environment.get("POD_UID"));
        Optional<OwnerPod> pod = name.flatMap(podName -> uid.map(podUid ->
                new OwnerPod(podName, podUid, nonBlank(environment.get("POD_NAMESPACE")))));
        String host = name.or(() -> nonBlank(environment.get("HOSTNAME"))).orElseGet(JvmIdentity::machineName);
        return new JvmIdentity(Labels.value(host), pod);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(text -> !text.isEmpty());
    }

    /**
     * The pod this JVM runs in.
     *
     * @param namespace its namespace when {@code POD_NAMESPACE} says it; Kubernetes ignores an owner
     *     in another namespace than its dependents', and would then delete them at once
     */
    record OwnerPod(String name, String uid, Optional<String> namespace) {

        OwnerPod {
            requireNonNull(name, "name is null");
            requireNonNull(uid, "uid is null");
            requireNonNull(namespace, "namespace is null");
        }
    }
}
