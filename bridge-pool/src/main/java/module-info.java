/**
 * A pool of supervised Python workers behind one {@link dev.pybridge.api.PythonBridge}:
 * {@link dev.pybridge.pool.PooledBridge} and {@link dev.pybridge.pool.PoolModule}.
 *
 * @since 0.1
 */
module dev.pybridge.pool {
    requires transitive dev.pybridge.core;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    // The fork server's requests and events.
    requires com.fasterxml.jackson.databind;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports dev.pybridge.pool;

    opens dev.pybridge.pool to com.google.guice;

    provides dev.pybridge.api.spi.AdapterProvider with dev.pybridge.pool.PooledAdapterProvider;
}
