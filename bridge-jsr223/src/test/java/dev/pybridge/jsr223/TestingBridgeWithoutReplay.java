package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A bridge that drops every {@link dev.pybridge.api.CallOption}, so that nothing is recorded and
 * a restarted worker starts its sessions empty: what a session store that expired would give.
 */
final class TestingBridgeWithoutReplay implements PythonBridge {

    private final PythonBridge bridge;

    TestingBridgeWithoutReplay(PythonBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public CompletableFuture<Object> submit(Call call) {
        return bridge.submit(new Call(call.command(), call.args(), call.session(), call.timeout(), Set.of()));
    }

    @Override
    public void close() {
        // The bridge it wraps belongs to the test.
    }
}
