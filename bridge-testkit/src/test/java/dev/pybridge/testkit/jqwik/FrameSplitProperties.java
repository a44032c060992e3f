package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.domains.Domain;
import net.jqwik.api.domains.DomainContext;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * However a worker's reply stream is cut into the pieces the bridge reads, it decodes to the same
 * results: a real {@link SingleProcessBridge} reads replies from a fake worker (behind the public
 * launcher seam) that sends a batch of frames in generated pieces, byte by byte, inside headers,
 * across frames, or whole.
 */
@Domain(PyBridgeDomain.class)
@Domain(DomainContext.Global.class)
class FrameSplitProperties {

    private final BatchedReplies worker = new BatchedReplies();
    private final FakeLauncher launcher = new FakeLauncher(worker);
    private SingleProcessBridge bridge;

    @BeforeProperty
    void start() {
        bridge = new SingleProcessBridge(BridgeConfig.builder().callTimeout(Duration.ofSeconds(60)).build(), launcher);
    }

    @AfterProperty
    void stop() {
        bridge.close();
        assertEquals(1, launcher.launched(), "one worker decoded every batch: none broke the stream");
    }

    @Property(tries = 150)
    void anySplitOfAReplyStreamDecodesTheSame(@ForAll @Size(min = 1, max = 6) List<WireReply> replies, @ForAll StreamSplit split,
            @ForAll boolean reversed) throws InterruptedException {
        worker.plan(replies, split, reversed);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (long index = 0; index < replies.size(); index++) {
            calls.add(bridge.submit(Call.echo(index)));
        }
        for (int index = 0; index < replies.size(); index++) {
            Outcomes.assertDecoded(replies.get(index), Outcomes.within(calls.get(index), 30));
        }
    }
}
