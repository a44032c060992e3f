package dev.pybridge.testkit;

/**
 * What a fixture runs its calls on, chosen by each test; there is no global switch.
 *
 * @since 0.2
 */
public enum Layer {
    /** Pure Java, deterministic, scripted answers: no worker, no wire, no Python. */
    MOCK,
    /** The real bridges, engine and codec over fake workers in this JVM that speak the real wire protocol: no Python. */
    BRIDGE_MOCK,
    /** Real Python worker processes. */
    PYTHON
}
