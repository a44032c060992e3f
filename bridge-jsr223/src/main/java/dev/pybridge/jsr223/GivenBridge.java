package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.error.BridgeException;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A bridge the caller made and closes: a single-process bridge, a pool, a test double. */
final class GivenBridge implements BridgeSource {

    private final PythonBridge bridge;
    private volatile String version;

    GivenBridge(PythonBridge bridge) {
        this.bridge = requireNonNull(bridge, "bridge is null");
    }

    @Override
    public PythonBridge bridge() {
        return bridge;
    }

    // Any bridge can say which Python its workers run; asked once, since they all run the same one.
    @Override
    public String languageVersion() {
        String known = version;
        if (known != null) {
            return known;
        }
        try {
            Object stats = bridge.call(Call.of("stats"));
            if (stats instanceof Map<?, ?> map && map.get("python") instanceof String python) {
                version = python;
                return python;
            }
        }
        catch (BridgeException e) {
            // Not known now; asked again next time.
        }
        return "unknown";
    }

    @Override
    public void close() {
        // The caller owns the bridge and closes it.
    }
}
