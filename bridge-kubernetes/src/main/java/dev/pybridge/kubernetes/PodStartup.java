package dev.pybridge.kubernetes;

import dev.pybridge.api.error.WorkerStartupException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Waits for a new worker pod to run. A pod that does not run in time, or ends first, is deleted,
 * and the failure says why as Kubernetes tells it: the pod's phase, its container's reason
 * ({@code ImagePullBackOff}), the scheduler's ({@code Unschedulable}), its latest event.
 */
final class PodStartup {

    private final PodClient pods;

    PodStartup(PodClient pods) {
        this.pods = requireNonNull(pods, "pods is null");
    }

    /** The pod once it runs. */
    Pod awaitRunning(String name, String workerId, Duration timeout) {
        Pod pod;
        try {
            pod = pods.await(name, candidate -> candidate == null || PodDiagnosis.running(candidate) || PodDiagnosis.ended(candidate), timeout);
        } catch (KubernetesClientTimeoutException e) {
            throw failed(name, workerId, "did not run within " + timeout.toMillis() + " ms (LaunchSpec.startupTimeout)", e);
        } catch (KubernetesClientException e) {
            throw failed(name, workerId, "could not be watched: " + e.getMessage(), e);
        }
        if (pod == null) {
            throw new WorkerStartupException("pod " + name + " of worker " + workerId + " in namespace " + pods.namespace()
                    + " was deleted before it ran", workerId, List.of(), null);
        }
        if (!PodDiagnosis.running(pod)) {
            throw failed(name, workerId, "ended before it ran", null);
        }
        return pod;
    }

    private WorkerStartupException failed(String name, String workerId, String what, Exception cause) {
        String diagnosis;
        try {
            diagnosis = pods.get(name).map(pod -> PodDiagnosis.of(pod, pods.events(name))).orElse("the pod is gone");
        } catch (KubernetesClientException e) {
            diagnosis = "its status cannot be read: " + e.getMessage();
        } finally {
            pods.delete(name, true);
        }
        return new WorkerStartupException("pod " + name + " of worker " + workerId + " in namespace " + pods.namespace() + " " + what + ": "
                + diagnosis + "; the pod is deleted", workerId, List.of(), cause);
    }
}
