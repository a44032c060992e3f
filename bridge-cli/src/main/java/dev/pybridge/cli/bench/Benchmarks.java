package dev.pybridge.cli.bench;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.cli.measure.Latencies;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The measurements of {@code ./pybridge bench}. Every ratio compares two things measured in this
 * run, interleaved where noise could favour one side.
 */
final class Benchmarks {

    private static final String ECHO_VALUE = "hello";
    private static final int IN_FLIGHT = 16;
    private static final int POOL_CONCURRENCY = 4;
    private static final int POOL_ROUNDS = 6;
    private static final double WORK_MILLIS = 2.0;
    private static final String WORK = "def pybridge_work(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n";

    private final BridgeConfig config;
    private final BenchSettings settings;
    private final PrintWriter progress;
    // The interpreter as configured (a shim, a wrapper and all): what the bridge launches, so what the floors launch too.
    private final String interpreter;

    Benchmarks(BridgeConfig config, BenchSettings settings, PrintWriter progress) {
        this.config = requireNonNull(config, "config is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.interpreter = config.python().executable();
    }

    BenchResult run() throws Exception {
        RoundTrips trips;
        double pipelined;
        double rss;
        ScriptBindingEvals scriptEvals;
        WireFigures wire;
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config)) {
            trips = roundTrips(bridge);
            pipelined = pipelinedSpeedup(bridge);
            rss = idleRssMib(bridge);
            // As many evals as the round trips have blocks of tens: a few hundred, each a millisecond or less.
            step("script engine: a trivial eval with a " + (ScriptBindingEvals.BINDING_CHARS >> 20) + " MB binding and without it");
            scriptEvals = ScriptBindingEvals.measure(bridge, settings.roundTrips() / 20, settings.blocks());
            wire = new WireBenchmarks(interpreter, settings.pipelined(), settings.blocks(), settings.bulkRounds(), progress).run(bridge);
        }
        double pool2 = pool2Speedup();
        double[] starts = coldStarts();
        double[] poolStarts = poolStarts();
        double spawn = spawnPerCallMillis();
        FirstCalls first = firstCalls();
        return new BenchResult(trips.viaBridge().percentileMicros(50), trips.viaBridge().percentileMicros(99),
                trips.viaFloor().percentileMicros(50), pipelined, pool2, starts[0], starts[1], poolStarts[0], poolStarts[1],
                spawn, rss, first, scriptEvals, wire);
    }

    /** The round trips of the bridge and of the raw pipe floor, timed in the same run. */
    private record RoundTrips(Latencies viaBridge, Latencies viaFloor) {}

    /** Alternating blocks of bridge and floor round trips. */
    private RoundTrips roundTrips(SingleProcessBridge bridge) throws Exception {
        step("round trips: PyBridge against the raw pipe floor, " + settings.roundTrips() + " each");
        int perBlock = settings.roundTrips() / settings.blocks();
        Latencies viaBridge = new Latencies();
        Latencies viaFloor = new Latencies();
        Call echo = Call.echo(ECHO_VALUE);
        try (RawPipeFloor floor = new RawPipeFloor(interpreter)) {
            for (int i = 0; i < perBlock; i++) {
                bridge.call(echo);
                floor.echo(ECHO_VALUE);
            }
            for (int block = 0; block < settings.blocks(); block++) {
                for (int i = 0; i < perBlock; i++) {
                    long started = System.nanoTime();
                    bridge.call(echo);
                    viaBridge.recordNanos(System.nanoTime() - started);
                }
                for (int i = 0; i < perBlock; i++) {
                    long started = System.nanoTime();
                    floor.echo(ECHO_VALUE);
                    viaFloor.recordNanos(System.nanoTime() - started);
                }
            }
        }
        return new RoundTrips(viaBridge, viaFloor);
    }

    /**
     * Calls per second with {@link #IN_FLIGHT} in flight, over calls per second one at a time,
     * measured in alternating blocks so that both see the same noise.
     */
    private double pipelinedSpeedup(SingleProcessBridge bridge) {
        step("pipelining: " + settings.pipelined() + " calls, one at a time and " + IN_FLIGHT + " in flight, in alternating blocks");
        Call echo = Call.echo(ECHO_VALUE);
        int perBlock = settings.pipelined() / settings.blocks();
        long sequential = 0;
        long pipelined = 0;
        for (int block = 0; block < settings.blocks(); block++) {
            sequential += timed(() -> {
                for (int i = 0; i < perBlock; i++) {
                    bridge.call(echo);
                }
            });
            pipelined += timed(() -> inFlight(perBlock, IN_FLIGHT, () -> bridge.submit(echo)));
        }
        return (double) sequential / pipelined;
    }

    private double idleRssMib(SingleProcessBridge bridge) {
        step("memory of an idle worker");
        Map<?, ?> stats = (Map<?, ?>) bridge.call(Call.of("stats"));
        return ((Long) stats.get("rss_bytes")) / (1024.0 * 1024.0);
    }

    /**
     * CPU-bound calls per second on a pool of 2 over a pool of 1, with {@link #POOL_CONCURRENCY}
     * callers. Both pools live through the measurement, which alternates between them in rounds,
     * so that both see the same noise (an idle worker costs no CPU).
     */
    private double pool2Speedup() throws Exception {
        int iterations = calibrate();
        step("pools of 1 and 2 workers: " + settings.poolCalls() + " calls each of about " + WORK_MILLIS + " ms of Python, "
                + POOL_CONCURRENCY + " in flight, in alternating rounds");
        try (PooledBridge one = PooledBridge.start(PoolConfig.builder().bridge(config).size(1).build());
                PooledBridge two = PooledBridge.start(PoolConfig.builder().bridge(config).size(2).build())) {
            Call work = Call.invoke("pybridge_work", iterations);
            long[] nanos = new long[3];
            for (PooledBridge pool : List.of(one, two)) {
                pool.call(Call.exec(WORK).onAllWorkers());
                inFlight(4 * POOL_CONCURRENCY, POOL_CONCURRENCY, () -> pool.submit(work));
            }
            int perRound = Math.max(1, settings.poolCalls() / POOL_ROUNDS);
            for (int round = 0; round < POOL_ROUNDS; round++) {
                nanos[1] += timed(() -> inFlight(perRound, POOL_CONCURRENCY, () -> one.submit(work)));
                nanos[2] += timed(() -> inFlight(perRound, POOL_CONCURRENCY, () -> two.submit(work)));
            }
            return (double) nanos[1] / nanos[2];
        }
    }

    // How many loop iterations make WORK_MILLIS of Python on this machine.
    private int calibrate() {
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config)) {
            bridge.exec(WORK);
            Object seconds = bridge.exec("import time\nfor _ in range(3):\n    pybridge_work(100000)\n"
                    + "started = time.perf_counter()\npybridge_work(100000)\ntime.perf_counter() - started");
            return (int) Math.max(1000, 100000 * WORK_MILLIS / 1000.0 / (Double) seconds);
        }
    }

    /** Median time to a ready single-process bridge, and median time of {@code python -c pass}: index 0 and 1. */
    private double[] coldStarts() throws Exception {
        step("cold starts: a worker to ready against a bare python -c pass, " + settings.starts() + " each");
        double[] worker = new double[settings.starts()];
        double[] bare = new double[settings.starts()];
        BridgeConfig eager = config.toBuilder().eagerStart(true).build();
        for (int i = 0; i < settings.starts(); i++) {
            long started = System.nanoTime();
            SingleProcessBridge bridge = SingleProcessBridge.start(eager);
            worker[i] = millisSince(started);
            bridge.close();
            started = System.nanoTime();
            Process pass = new ProcessBuilder(interpreter, "-c", "pass").start();
            pass.waitFor();
            bare[i] = millisSince(started);
        }
        return new double[] {median(worker), median(bare)};
    }

    /** Median time to a ready pool of 1 and of 4, started in parallel: index 0 and 1. */
    private double[] poolStarts() {
        step("parallel starts: pools of 1 and of 4 workers, " + settings.starts() + " each");
        double[] one = new double[settings.starts()];
        double[] four = new double[settings.starts()];
        for (int i = 0; i < settings.starts(); i++) {
            one[i] = timePoolStart(1);
            four[i] = timePoolStart(4);
        }
        return new double[] {median(one), median(four)};
    }

    private double timePoolStart(int size) {
        long started = System.nanoTime();
        PooledBridge pool = PooledBridge.start(PoolConfig.builder().bridge(config).size(size).build());
        double millis = millisSince(started);
        pool.close();
        return millis;
    }

    /** Median time of one echo made by starting a Python process for it, as a naive integration would. */
    private double spawnPerCallMillis() throws IOException, InterruptedException {
        step("spawning a Python process per call, " + settings.spawns() + " calls");
        double[] spawns = new double[settings.spawns()];
        for (int i = 0; i < spawns.length; i++) {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(interpreter, "-c",
                    "import json, sys; sys.stdout.write(json.dumps(json.loads(sys.argv[1])))", "{\"value\": \"hello\"}").start();
            process.getInputStream().readAllBytes();
            process.waitFor();
            spawns[i] = millisSince(started);
        }
        return median(spawns);
    }

    /**
     * Medians, over tries alternating between the two, of the time from launching a fresh JVM to
     * its first reply: one that starts a bridge and calls it ({@link FirstCallChild}), and one that
     * starts the same interpreter with a bare echo loop ({@link FirstCallFloor}); with the bridge
     * JVM's own account of where its time went.
     */
    private FirstCalls firstCalls() throws IOException, InterruptedException {
        step("first calls: a fresh JVM to its first reply, through PyBridge and through a bare pipe, " + settings.firstCalls() + " each");
        double[] bridge = new double[settings.firstCalls()];
        double[] floor = new double[settings.firstCalls()];
        double[][] phases = new double[3][settings.firstCalls()];
        for (int i = 0; i < settings.firstCalls(); i++) {
            ChildRun run = runChild(FirstCallChild.class);
            bridge[i] = run.millis();
            for (int phase = 0; phase < 3; phase++) {
                phases[phase][i] = run.phase(phase);
            }
            floor[i] = runChild(FirstCallFloor.class).millis();
        }
        return new FirstCalls(median(bridge), median(floor), median(phases[0]), median(phases[1]), median(phases[2]));
    }

    /** What one child JVM said, and how long from its launch to its reply. */
    private record ChildRun(double millis, String line) {

        // The n-th "name=value" figure after the reply.
        double phase(int index) {
            String[] parts = line.split(" ");
            return Double.parseDouble(parts[2 + index].substring(parts[2 + index].indexOf('=') + 1));
        }
    }

    private ChildRun runChild(Class<?> main) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        long started = System.nanoTime();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(), interpreter)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("REPLY ")) {
                    return new ChildRun(millisSince(started), line);
                }
            }
            throw new IOException(main.getSimpleName() + " ended without a reply, with exit code " + child.waitFor());
        }
        finally {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor();
            }
        }
    }

    /** Runs {@code count} calls with at most {@code limit} in flight, and waits for all of them. */
    private static void inFlight(int count, int limit, CallSource calls) {
        Semaphore slots = new Semaphore(limit);
        List<CompletableFuture<Object>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            slots.acquireUninterruptibly();
            sent.add(calls.next().whenComplete((result, failure) -> slots.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static long timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return System.nanoTime() - started;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }

    private void step(String what) {
        progress.println("bench: " + what);
        progress.flush();
    }

    @FunctionalInterface
    private interface CallSource {
        CompletableFuture<Object> next();
    }
}
