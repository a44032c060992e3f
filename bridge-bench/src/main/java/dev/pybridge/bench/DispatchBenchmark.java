package dev.pybridge.bench;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.SingleProcessBridge;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of a call, against {@link EchoWorkerProcess} instead of Python: what the bridge
 * itself adds to every call (encoding, the pipe, the reader thread, completing the caller).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DispatchBenchmark {

    private static final int IN_FLIGHT = 16;

    private final Call echo = Call.echo("hello");
    private SingleProcessBridge bridge;

    @Setup
    public void start() {
        bridge = new SingleProcessBridge(BridgeConfig.defaults(), spec -> new EchoWorkerProcess());
    }

    @TearDown
    public void stop() {
        bridge.close();
    }

    /** One call at a time: the round trip as a synchronous caller sees it. */
    @Benchmark
    public Object roundTrip() {
        return bridge.call(echo);
    }

    /** Sixteen calls in flight at once, per call. */
    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public Object pipelined() {
        CompletableFuture<?>[] calls = new CompletableFuture<?>[IN_FLIGHT];
        for (int i = 0; i < IN_FLIGHT; i++) {
            calls[i] = bridge.submit(echo);
        }
        return CompletableFuture.allOf(calls).join();
    }
}
