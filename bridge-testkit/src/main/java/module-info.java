/**
 * What downstream test suites import to test code that runs Python through PyBridge.
 *
 * @since 0.1
 */
module dev.pybridge.testkit {
    requires transitive dev.pybridge.pool;
    requires transitive dev.pybridge.jsr223;
    requires transitive org.junit.jupiter.api;
    requires transitive net.jqwik.api;
    // The fake worker speaks the wire protocol with a JSON codec of its own, independent of core's;
    // the mock adapter reads predictions into records with it.
    requires com.fasterxml.jackson.databind;
    requires static com.google.guice;

    exports dev.pybridge.testkit;
    exports dev.pybridge.testkit.contract;
    exports dev.pybridge.testkit.fake;
    exports dev.pybridge.testkit.faults;
    exports dev.pybridge.testkit.jqwik;
    exports dev.pybridge.testkit.mock;

    provides dev.pybridge.api.spi.AdapterProvider with
            dev.pybridge.testkit.mock.MockAdapterProvider,
            dev.pybridge.testkit.fake.BridgeMockAdapterProvider;
}
