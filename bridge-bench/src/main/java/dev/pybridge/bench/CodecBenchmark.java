package dev.pybridge.bench;

import dev.pybridge.core.internal.protocol.FrameDecoder;
import dev.pybridge.core.internal.protocol.Frames;
import dev.pybridge.core.internal.protocol.MessageCodec;
import dev.pybridge.core.internal.protocol.WireFrame;
import dev.pybridge.core.internal.protocol.Reply;
import dev.pybridge.core.internal.protocol.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The wire codec: encoding requests, decoding replies, cutting a stream into frames. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    private final MessageCodec codec = new MessageCodec(64 << 20);
    private Request small;
    private Request large;
    private byte[] smallReply;
    private byte[] largeReply;
    private byte[] stream;

    @Setup
    public void setUp() {
        small = new Request(42, "echo", Map.of("value", "hello"), Optional.empty());
        Map<String, Object> rows = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(Map.of("id", i, "name", "row " + i, "score", i / 7.0, "tags", List.of("a", "b")));
        }
        rows.put("rows", values);
        large = new Request(43, "call", rows, Optional.of("session"));
        smallReply = "{\"id\":42,\"success\":true,\"result\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
        largeReply = ("{\"id\":43,\"success\":true,\"result\":" + new String(codec.encodeValue(values), StandardCharsets.UTF_8) + "}")
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> frames = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < 100; i++) {
            byte[] frame = Frames.frame(smallReply);
            frames.add(frame);
            length += frame.length;
        }
        stream = new byte[length];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, stream, at, frame.length);
            at += frame.length;
        }
    }

    @Benchmark
    public WireFrame encodeSmallRequest() {
        return codec.encodeRequest(small);
    }

    @Benchmark
    public WireFrame encodeLargeRequest() {
        return codec.encodeRequest(large);
    }

    @Benchmark
    public Reply decodeSmallReply() {
        return codec.decodeReply(smallReply);
    }

    @Benchmark
    public Reply decodeLargeReply() {
        return codec.decodeReply(largeReply);
    }

    /** A hundred small frames arriving in one read. */
    @Benchmark
    public void decodeHundredFrames(Blackhole frames) {
        new FrameDecoder(1 << 20).feed(stream, 0, stream.length, frames::consume);
    }
}
