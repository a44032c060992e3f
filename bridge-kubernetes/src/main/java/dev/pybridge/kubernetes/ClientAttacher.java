package dev.pybridge.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/** Attaches through the API server ({@code pods/attach}, a WebSocket), as {@code kubectl attach -i} does. */
final class ClientAttacher implements PodAttacher {

    private final KubernetesClient client;

    ClientAttacher(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public PodLink attach(String namespace, String pod, Runnable onClosed) {
        AtomicBoolean closed = new AtomicBoolean();
        Runnable once = () -> {
            if (closed.compareAndSet(false, true)) {
                onClosed.run();
            }
        };
        ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(PodManifest.CONTAINER)
                .redirectingInput().redirectingOutput().redirectingError()
                .usingListener(new ExecListener() {
                    @Override
                    public void onFailure(Throwable failure, Response response) {
                        once.run();
                    }

                    @Override
                    public void onClose(int code, String reason) {
                        once.run();
                    }
                })
                .attach();
        return new WatchLink(watch);
    }

    private record WatchLink(ExecWatch watch) implements PodLink {

        @Override
        public OutputStream stdin() {
            return watch.getInput();
        }

        @Override
        public InputStream stdout() {
            return watch.getOutput();
        }

        @Override
        public InputStream stderr() {
            return watch.getError();
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
