/**
 * Contract suites: {@link dev.pybridge.testkit.contract.PythonBridgeContract} and
 * {@link dev.pybridge.testkit.contract.AdapterContract}, interfaces whose default JUnit 5 tests
 * check what every implementation promises. A test class implements one and its factory method;
 * the implementation's capabilities decide which tests apply, and the others show as skipped.
 *
 * @since 0.2
 */
package dev.pybridge.testkit.contract;
