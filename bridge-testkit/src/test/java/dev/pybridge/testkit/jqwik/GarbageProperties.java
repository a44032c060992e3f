package dev.pybridge.testkit.jqwik;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.SingleProcessBridge;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.domains.Domain;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.nio.ByteBuffer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes a worker writes instead of a reply before it dies, its caller gets a
 * {@link ProtocolException} (or, when the bytes happened to be whole frames the bridge could skip, a
 * {@link WorkerCrashedException}) well within the call's deadline: the bridge never waits for a frame
 * that cannot come. Each try's worker dies, and the bridge starts the next.
 */
@Domain(PyBridgeDomain.class)
class GarbageProperties {

    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final GarbageThenExit worker = new GarbageThenExit();
    private SingleProcessBridge bridge;

    @BeforeProperty
    void start() {
        // Deaths soon after the start would open the circuit: with stableAfter 0 none counts as a failure.
        BridgeConfig config = BridgeConfig.builder().restartPolicy(RestartPolicy.defaults().withStableAfter(Duration.ZERO)).build();
        bridge = new SingleProcessBridge(config, new FakeLauncher(worker));
    }

    @AfterProperty
    void stop() {
        bridge.close();
    }

    @Property(tries = 150)
    void randomBytesAreAProtocolErrorNeverAHang(@ForAll("garbage") byte[] garbage, @ForAll StreamSplit split) throws InterruptedException {
        worker.plan(garbage, split);
        Object outcome = Outcomes.within(bridge.submit(Call.echo(1L).withTimeout(DEADLINE)), 30);
        assertTrue(outcome instanceof ProtocolException || outcome instanceof WorkerCrashedException, () -> "got " + outcome);
    }

    /** Random bytes; random bytes after a plausible length; whole frames of random bytes. */
    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> afterLength = Combinators.combine(Arbitraries.integers().between(0, 100), random)
                .as((length, bytes) -> ByteBuffer.allocate(4 + bytes.length).putInt(length).put(bytes).array());
        Arbitrary<byte[]> wholeFrame = random.map(bytes -> ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array());
        return Arbitraries.oneOf(random, afterLength, wholeFrame);
    }
}
