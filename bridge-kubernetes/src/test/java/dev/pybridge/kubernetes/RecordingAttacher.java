package dev.pybridge.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands for the API server's attach stream: keeps what the launcher writes, and ends a link when a test says so. */
final class RecordingAttacher implements PodAttacher {

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    final List<String> attached = new CopyOnWriteArrayList<>();

    @Override
    public PodLink attach(String namespace, String pod, Runnable onClosed) {
        Link link = new Link(onClosed);
        links.put(pod, link);
        attached.add(namespace + "/" + pod);
        return link;
    }

    /** What the launcher wrote to the stdin of {@code pod}. */
    byte[] stdinOf(String pod) {
        return links.get(pod).stdin.toByteArray();
    }

    /** Ends the link to {@code pod}, as a worker's exit or a dropped connection does. */
    void drop(String pod) {
        links.get(pod).close();
    }

    private static final class Link implements PodLink {

        private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        private final Runnable onClosed;
        private boolean closed;

        Link(Runnable onClosed) {
            this.onClosed = onClosed;
        }

        @Override
        public OutputStream stdin() {
            return stdin;
        }

        @Override
        public InputStream stdout() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public InputStream stderr() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                onClosed.run();
            }
        }
    }
}
