package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Deletes the worker pods of runs whose JVM is gone. It lists the pods by label: PyBridge's worker
 * pods of this JVM's host ({@code pybridge.dev/run-host}); of those, it deletes each whose run id
 * ({@code pybridge.dev/run-id}) names a JVM of this host that no longer runs. Pods of other hosts
 * are never touched: whether their JVM lives cannot be told from here. Pods owned by a JVM's pod
 * need no sweep when that pod goes: Kubernetes' garbage collector deletes them.
 */
final class OrphanPods {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanPods.class);

    private final PodClient pods;
    private final String host;

    OrphanPods(PodClient pods, String host) {
        this.pods = requireNonNull(pods, "pods is null");
        this.host = requireNonNull(host, "host is null");
    }

    /** Deletes the orphaned pods and returns how many; a failing API server is logged, not thrown. */
    int sweep() {
        int deleted = 0;
        try {
            for (Pod pod : pods.list(Map.of(Labels.APP, Labels.APP_VALUE, Labels.RUN_HOST, host))) {
                String runId = pod.getMetadata().getLabels().getOrDefault(Labels.RUN_ID, "");
                if (DeadRuns.dead(runId)) {
                    LOG.warn("deleting worker pod {} left behind by JVM run {} on {}, which is gone", pod.getMetadata().getName(), runId, host);
                    pods.delete(pod.getMetadata().getName(), true);
                    deleted++;
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("cannot sweep the worker pods of dead runs in namespace {}: {}", pods.namespace(), e.getMessage());
        }
        return deleted;
    }
}
