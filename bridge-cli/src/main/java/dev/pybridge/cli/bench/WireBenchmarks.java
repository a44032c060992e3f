package dev.pybridge.cli.bench;

import dev.pybridge.api.Call;
import dev.pybridge.core.SingleProcessBridge;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Calls in flight and large payloads through one worker, each against its raw-pipe floor, in
 * alternating rounds so that both sides see the same noise.
 */
final class WireBenchmarks {

    private static final int IN_FLIGHT = 8;
    private static final int ELEMENTS = 1_000_000;
    private static final String ECHO_VALUE = "hello";

    private final String interpreter;
    private final int pipelinedCalls;
    private final int blocks;
    private final int bulkRounds;
    private final PrintWriter progress;

    WireBenchmarks(String interpreter, int pipelinedCalls, int blocks, int bulkRounds, PrintWriter progress) {
        this.interpreter = interpreter;
        this.pipelinedCalls = pipelinedCalls;
        this.blocks = blocks;
        this.bulkRounds = bulkRounds;
        this.progress = progress;
    }

    WireFigures run(SingleProcessBridge bridge) throws IOException, InterruptedException {
        double pipelined = pipelinedVsFloor(bridge);
        progress.println("bench: 8 MB each way: a double[1_000_000] and an 8 M-character string against the raw pipe, "
                + bulkRounds + " rounds");
        progress.flush();
        double[] array = new double[ELEMENTS];
        Arrays.setAll(array, i -> i * 0.5);
        String text = "x".repeat(8 * ELEMENTS);
        byte[] bytes = new byte[8 * ELEMENTS];
        double[][] times = new double[3][bulkRounds];
        try (BulkPipeFloor floor = new BulkPipeFloor(interpreter)) {
            bridge.call(Call.echo(array));
            bridge.call(Call.echo(text));
            floor.echo(bytes);
            for (int round = 0; round < bulkRounds; round++) {
                times[0][round] = millis(() -> bridge.call(Call.echo(array), double[].class));
                times[1][round] = millis(() -> bridge.call(Call.echo(text)));
                times[2][round] = millis(() -> floor.echo(bytes));
            }
        }
        return new WireFigures(pipelined, median(times[0]), median(times[1]), median(times[2]));
    }

    private double pipelinedVsFloor(SingleProcessBridge bridge) throws IOException, InterruptedException {
        progress.println("bench: " + IN_FLIGHT + " calls in flight: one worker against a raw Python echo loop, " + pipelinedCalls + " each");
        progress.flush();
        Call echo = Call.echo(ECHO_VALUE);
        int perBlock = pipelinedCalls / blocks;
        long viaBridge = 0;
        long viaFloor = 0;
        try (PipelinedFloor floor = new PipelinedFloor(interpreter)) {
            floor.echoes(perBlock, IN_FLIGHT, ECHO_VALUE);
            inFlight(bridge, echo, perBlock);
            for (int block = 0; block < blocks; block++) {
                long started = System.nanoTime();
                inFlight(bridge, echo, perBlock);
                viaBridge += System.nanoTime() - started;
                started = System.nanoTime();
                floor.echoes(perBlock, IN_FLIGHT, ECHO_VALUE);
                viaFloor += System.nanoTime() - started;
            }
        }
        return (double) viaFloor / viaBridge;
    }

    private static void inFlight(SingleProcessBridge bridge, Call call, int count) {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            sent[i] = bridge.submit(call).whenComplete((result, failure) -> slots.release());
        }
        CompletableFuture.allOf(sent).join();
    }

    private static double millis(Work work) throws IOException {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }
}
