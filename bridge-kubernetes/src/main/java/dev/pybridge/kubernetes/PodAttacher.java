package dev.pybridge.kubernetes;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Connects to the stdio of a running pod's worker container. The seam between the launcher and
 * the API server's attach stream, which fabric8's mock server cannot play with a real worker behind
 * it: the tests put a local process there instead.
 */
interface PodAttacher {

    /**
     * Attaches to the worker container of pod {@code pod}.
     *
     * @param onClosed run once when the link ends, for whatever reason: the worker exited, the pod
     *     went, the connection dropped
     */
    PodLink attach(String namespace, String pod, Runnable onClosed);

    /** An open link to a worker container's stdin, stdout and stderr. */
    interface PodLink {

        OutputStream stdin();

        InputStream stdout();

        InputStream stderr();

        /** Closes the link; does no harm when it is closed already. */
        void close();
    }
}
