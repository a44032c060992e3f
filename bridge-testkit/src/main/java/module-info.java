/**
 * What downstream test suites import to test code that runs Python through PyBridge.
 *
 * @since 0.1
 */
module dev.pybridge.testkit {
    requires transitive dev.pybridge.api;
    requires transitive org.junit.jupiter.api;

    exports dev.pybridge.testkit;
}
