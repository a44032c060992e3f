package dev.pybridge.bench;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's stand-in worker must behave as a worker does, or its figures mean nothing. */
class EchoWorkerProcessTest {

    @Test
    void answersEveryCallThroughARealBridge() {
        EchoWorkerProcess[] process = new EchoWorkerProcess[1];
        try (SingleProcessBridge bridge = new SingleProcessBridge(BridgeConfig.defaults(), spec -> process[0] = new EchoWorkerProcess())) {
            for (int i = 0; i < 100; i++) {
                assertEquals("hello", bridge.call(Call.echo("hello")));
            }
            assertEquals(1, bridge.status().workersStarted());
        }
        assertTrue(process[0].onExit().isDone(), "closing the bridge ends the stand-in worker");
    }
}
