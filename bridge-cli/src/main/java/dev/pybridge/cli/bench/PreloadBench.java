package dev.pybridge.cli.bench;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolEvent;
import dev.pybridge.pool.PoolListener;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.pool.StartMethod;
import dev.pybridge.core.launch.LocalProcessLauncher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Pools whose workers need heavy imports, forked from a fork server against spawned: time to a
 * ready pool, time to a replacement, and memory shared. The imports are numpy and scipy.stats
 * where the interpreter has them, else a set of standard-library modules that takes a while.
 */
final class PreloadBench {

    static final List<String> SCIENTIFIC = List.of("numpy", "scipy.stats");
    static final List<String> STANDARD = List.of("email.mime.multipart", "http.client", "json", "xml.dom.minidom", "asyncio", "decimal",
            "unittest", "argparse", "logging.handlers", "concurrent.futures", "sqlite3", "urllib.request", "tarfile", "zipfile", "ssl");

    private final BridgeConfig config;
    private final int rounds;
    private final PrintWriter progress;

    PreloadBench(BridgeConfig config, boolean quick, PrintWriter progress) {
        this.config = requireNonNull(config, "config is null");
        this.rounds = quick ? 1 : 5;
        this.progress = requireNonNull(progress, "progress is null");
    }

    PreloadFigures run() throws Exception {
        List<String> modules = imports(SCIENTIFIC) ? SCIENTIFIC : STANDARD;
        progress.println("preload: " + modules + ", " + rounds + " round(s) of one spawned worker, a forked pool of 4, a replacement");
        progress.flush();
        double[] spawnOne = new double[rounds];
        double[] fork4 = new double[rounds];
        double[] replace = new double[rounds];
        double[] killToReady = new double[rounds];
        double pssForked = 0;
        for (int round = 0; round < rounds; round++) {
            spawnOne[round] = millis(() -> PooledBridge.start(pool(modules, 1, StartMethod.SPAWN).build()).close());
            Replacements replacements = new Replacements();
            long started = System.nanoTime();
            try (PooledBridge pool = new PooledBridge(pool(modules, 4, StartMethod.FORK).build(), new LocalProcessLauncher(), Set.of(replacements))) {
                fork4[round] = (System.nanoTime() - started) / 1e6;
                ProcessHandle server = forkServer();
                List<ProcessHandle> workers = server.children().toList();
                pssForked = pssMib(Stream.concat(Stream.of(server), workers.stream()).toList());
                Replacement replacement = replacements.replace(workers.get(0));
                replace[round] = replacement.launchToReadyMillis();
                killToReady[round] = replacement.killToReadyMillis();
            }
        }
        double pssSpawned;
        try (PooledBridge pool = PooledBridge.start(pool(modules, 4, StartMethod.SPAWN).build())) {
            pssSpawned = pssMib(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList());
        }
        return new PreloadFigures(modules, median(spawnOne), median(fork4), median(replace), median(killToReady), pssForked,
                pssSpawned);
    }

    private PoolConfig.Builder pool(List<String> modules, int size, StartMethod method) {
        return PoolConfig.builder().bridge(config).size(size).preload(modules).startMethod(method);
    }

    /** A replacement's time from its launch to its ready, and from the kill of the worker it replaces. */
    private record Replacement(double launchToReadyMillis, double killToReadyMillis) {}

    /** Hears of started workers, to time the replacement of a killed one. */
    private static final class Replacements implements PoolListener {
        private volatile CompletableFuture<PoolEvent.WorkerStarted> next = new CompletableFuture<>();

        @Override
        public void onEvent(PoolEvent event) {
            if (event instanceof PoolEvent.WorkerStarted started) {
                next.complete(started);
            }
        }

        Replacement replace(ProcessHandle victim) throws Exception {
            next = new CompletableFuture<>();
            long killed = System.nanoTime();
            victim.destroyForcibly();
            PoolEvent.WorkerStarted started = next.get(60, TimeUnit.SECONDS);
            return new Replacement(started.startMillis(), (System.nanoTime() - killed) / 1e6);
        }
    }

    private static ProcessHandle forkServer() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> child.info().arguments().map(Arrays::asList).orElse(List.of()).contains("--fork-server"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no fork server runs: forking is not available here"));
    }

    // Proportional set size: shared pages are divided among the processes that share them.
    private static double pssMib(List<ProcessHandle> processes) throws IOException {
        long kib = 0;
        for (ProcessHandle process : processes) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return kib / 1024.0;
    }

    private boolean imports(List<String> modules) throws Exception {
        Process probe = new ProcessBuilder(config.python().executable(), "-c", "import " + String.join(", ", modules))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double millis(Timed action) throws Exception {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
