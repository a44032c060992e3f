package dev.pybridge.jsr223;

import dev.pybridge.api.PythonBridge;

/** Where a factory's engines get their bridge, and what closing the factory does to it. */
interface BridgeSource extends AutoCloseable {

    /** The bridge, started if this source starts it and has not yet. */
    PythonBridge bridge();

    /** The interpreter's version ({@code "3.11.7"}), or {@code "unknown"} when it cannot be found out. */
    String languageVersion();

    /** Stops the bridge if this source owns it; engines that use it afterwards fail. */
    @Override
    void close();
}
