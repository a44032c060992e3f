/**
 * Micrometer meters for PyBridge: {@link dev.pybridge.micrometer.PyBridgeMetrics} binds a pool's or
 * a single bridge's events and counters to a {@code MeterRegistry}, and
 * {@link dev.pybridge.micrometer.PyBridgeMetricsModule} wires it with Guice.
 *
 * @since 0.1
 */
module dev.pybridge.micrometer {
    requires transitive dev.pybridge.pool;
    // Micrometer's jar names its module in its manifest; its types are in this module's API.
    requires transitive micrometer.core;
    requires static com.google.guice;

    exports dev.pybridge.micrometer;
}
