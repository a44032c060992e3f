package dev.pybridge.kubernetes;

import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real worker behind the launcher: the pod the launcher creates in the mock API server is "run"
 * by a local process started with that pod's container command, in a folder where nothing of the
 * worker lies, as a container with only Python would run it. What this does not cover is fabric8's
 * attach stream itself, which the mock server cannot play.
 */
@ExtendWith(NoProcessLeft.class)
class KubernetesLauncherIT {

    private static final String NAMESPACE = "ml";

    private final KubernetesMockServer server = MockApiServer.crud();
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void aBridgeServesCallsFromAWorkerStartedByThePodsCommandAndItsPodGoesWithIt() {
        PodSettings settings = PodSettings.from(Map.of("image", "python:3.12-slim", "namespace", NAMESPACE,
                "python", TestingPython.environment().executable(), "gpu-resource", "nvidia.com/gpu"));
        KubernetesLauncher launcher = new KubernetesLauncher(server.createClient(), settings, new JvmIdentity("laptop", Optional.empty()),
                new LocalContainers(client), Duration.ofSeconds(5));
        try (TestingKubelet kubelet = TestingKubelet.running(client, NAMESPACE);
                SingleProcessBridge bridge = new SingleProcessBridge(TestingPython.config().build(), launcher)) {
            assertEquals(45L, bridge.eval("sum(range(10))"));
            assertEquals(1, client.pods().inNamespace(NAMESPACE).list().getItems().size());
        } finally {
            Await.until("the worker's pod is deleted", 30, () -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
            launcher.close();
        }
    }

    /** Runs each pod's container command on this machine: the attach of a pod whose container is a local process. */
    private record LocalContainers(KubernetesClient client) implements PodAttacher {

        @Override
        public PodLink attach(String namespace, String pod, Runnable onClosed) {
            List<String> command = client.pods().inNamespace(namespace).withName(pod).get().getSpec().getContainers().get(0).getCommand();
            try {
                Process process = new ProcessBuilder(command).directory(new File("/")).start();
                process.onExit().thenRun(onClosed);
                return new ProcessLink(process);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record ProcessLink(Process process) implements PodAttacher.PodLink {

        @Override
        public OutputStream stdin() {
            return process.getOutputStream();
        }

        @Override
        public InputStream stdout() {
            return process.getInputStream();
        }

        @Override
        public InputStream stderr() {
            return process.getErrorStream();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
