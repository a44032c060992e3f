package dev.pybridge.cli;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.cli.bench.RemoteRoundTrip;
import dev.pybridge.cli.options.LauncherOption;
import dev.pybridge.cli.options.OptionValues;
import dev.pybridge.cli.options.PythonOption;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolStats;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.pool.WorkerState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./pybridge load}: drives real calls of a small CPU-bound Python function through a pool
 * and ends with one summary line. Progress goes to stderr, the summary to stdout; the exit code
 * is 0 when no request was lost (left with neither a result nor an error). Requests are issued
 * as slots free up, so a run of any length holds the same memory.
 */
@Command(name = "load", description = "Drive real calls through a pool of workers; end with one summary line.")
final class LoadCommand implements Callable<Integer> {

    /**
     * Each worker is a Python process (about 14 MiB and 60 ms to start) and the load is CPU-bound,
     * so workers past the machine's cores only add contention: 256 covers the largest machines.
     */
    static final int MAX_WORKERS = 256;

    /**
     * Calls beyond the workers only wait in the pool's queue, which is made this long; each holds a
     * future. Far past any useful setting for {@link #MAX_WORKERS} workers.
     */
    static final int MAX_CONCURRENCY = 10_000;

    /** Enough rounds for a stable median and 99th percentile of a sub-millisecond round trip, in about a second. */
    private static final int REMOTE_ROUNDS = 1000;

    private static final String WORK = "def pybridge_load(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n";

    @Mixin
    private PythonOption python;

    @Mixin
    private LauncherOption launcher;

    @Spec
    private CommandSpec spec;

    private int workers;
    private int concurrency;
    private long requests;
    private Duration duration = BridgeConfig.MAX_DURATION;
    private int work;
    private int kills;
    private Duration timeout;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Workers in the pool, 1 to " + MAX_WORKERS + " (default: ${DEFAULT-VALUE}).")
    private void workers(String value) {
        workers = OptionValues.wholeNumber(spec, "--workers", value, 1, MAX_WORKERS);
    }

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
            description = "Requests in flight at once, 1 to " + MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
    private void concurrency(String value) {
        concurrency = OptionValues.wholeNumber(spec, "--concurrency", value, 1, MAX_CONCURRENCY);
    }

    @Option(names = "--requests", defaultValue = "2000", paramLabel = "N",
            description = "Requests in all, at least 1; they are issued as earlier ones finish (default: ${DEFAULT-VALUE}).")
    private void requests(String value) {
        requests = OptionValues.wholeNumber(spec, "--requests", value, 1, Long.MAX_VALUE);
    }

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop issuing requests after this long, even if fewer than --requests were issued: an ISO-8601 duration "
                    + "longer than zero and at most 36500 days, such as PT1M (default: no limit).")
    private void duration(String value) {
        duration = OptionValues.positiveDuration(spec, "--duration", value);
    }

    @Option(names = "--work", defaultValue = "20000", paramLabel = "N",
            description = "Loop iterations per request, at least 0; about 1 ms of Python per 20000 (default: ${DEFAULT-VALUE}).")
    private void work(String value) {
        work = OptionValues.wholeNumber(spec, "--work", value, 0, Integer.MAX_VALUE);
    }

    @Option(names = "--kill", defaultValue = "0", paramLabel = "K",
            description = "Kill K random workers with SIGKILL during the run, spread over it, as an outage would; "
                    + "fewer than --requests (default: none).")
    private void kills(String value) {
        kills = OptionValues.wholeNumber(spec, "--kill", value, 0, Integer.MAX_VALUE);
    }

    @Option(names = "--timeout", defaultValue = "PT30S", paramLabel = "DURATION",
            description = "Each request's deadline: an ISO-8601 duration longer than zero and at most 36500 days "
                    + "(default: ${DEFAULT-VALUE}).")
    private void timeout(String value) {
        timeout = OptionValues.positiveDuration(spec, "--timeout", value);
    }

    @Override
    public Integer call() throws InterruptedException {
        // The one check that spans two options; still before anything starts.
        if (kills >= requests) {
            throw OptionValues.invalid(spec, "--kill", String.valueOf(kills),
                    "a whole number " + OptionValues.range(0, requests - 1) + ", fewer than --requests, so that kills fall between requests");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PoolConfig config = PoolConfig.builder()
                .bridge(python.config().callTimeout(timeout).launcher(launcher.choice()).build())
                .size(workers)
                .maxQueued(Math.max(1000, concurrency))
                .build();
        long starting = System.nanoTime();
        int exit;
        try (PooledBridge pool = PooledBridge.start(config)) {
            err.printf("load: %d workers ready in %d ms%n", workers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));
            pool.call(Call.exec(WORK).onAllWorkers());
            Run run = new Run(pool, config.bridge().startupTimeout(), err);
            RequestStream.Outcome outcome = run.execute();
            PoolStats stats = pool.stats();
            out.printf("load: requests=%d ok=%d failed=%d lost=%d workers_replaced=%d p50_us=%d p99_us=%d hosts=%d%n",
                    outcome.issued(), outcome.ok(), outcome.failed(), outcome.lost(), stats.workersReplaced(),
                    outcome.okLatencies().percentileMicros(50), outcome.okLatencies().percentileMicros(99), run.servedHosts().size());
            out.flush();
            exit = outcome.lost() == 0 ? 0 : 1;
        }
        if (config.bridge().launcher().name().equals("ssh")) {
            reportRemoteRoundTrip(config.bridge(), err);
        }
        return exit;
    }

    /** After the run, so that its workers take no core: what the bridge adds to a remote call, against an ssh echo over the same link. */
    private static void reportRemoteRoundTrip(BridgeConfig bridge, PrintWriter err) {
        try {
            err.println("load: " + RemoteRoundTrip.measure(bridge, bridge.launcher().properties(), REMOTE_ROUNDS).describe());
        }
        catch (IOException | RuntimeException e) {
            err.println("load: the remote round trip could not be measured: " + e.getMessage());
        }
        err.flush();
    }

    /** One run: streams the requests, kills workers on schedule, reports progress, then waits for the pool to be whole. */
    private final class Run {
        private final PooledBridge pool;
        private final Duration startupTimeout;
        private final PrintWriter err;
        private final RequestStream stream;
        private final Random random = new Random();
        private final Set<String> servedHosts = new TreeSet<>();
        private int killed;
        private long lastProgress = System.nanoTime();

        Run(PooledBridge pool, Duration startupTimeout, PrintWriter err) {
            this.pool = pool;
            this.startupTimeout = startupTimeout;
            this.err = err;
            Call call = Call.invoke("pybridge_load", work);
            this.stream = new RequestStream(concurrency, () -> pool.submit(call), System::nanoTime);
        }

        RequestStream.Outcome execute() throws InterruptedException {
            long running = System.nanoTime();
            stream.issue(requests, duration, this::beforeNext);
            // Every call ends by its deadline; the margin covers a worker being replaced under it.
            stream.awaitInFlight(timeout.plusSeconds(30));
            RequestStream.Outcome outcome = stream.outcome();
            long elapsed = System.nanoTime() - running;
            progress(outcome.issued());
            err.printf("load: %d requests in %d ms, %.0f requests/s%n", outcome.issued(), TimeUnit.NANOSECONDS.toMillis(elapsed),
                    outcome.issued() * 1e9 / elapsed);
            err.flush();
            settle();
            return outcome;
        }

        private void beforeNext(long issued, double done) {
            if (killed < kills && done >= (killed + 1.0) / (kills + 1)) {
                killOneWorker();
            }
            if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(1)) {
                progress(issued);
                lastProgress = System.nanoTime();
            }
        }

        // With no worker alive (all being replaced), the kill waits for the next request.
        private void killOneWorker() {
            List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
            if (!children.isEmpty()) {
                ProcessHandle victim = children.get(random.nextInt(children.size()));
                err.printf("load: killing worker pid %d with SIGKILL%n", victim.pid());
                victim.destroyForcibly();
                killed++;
            }
        }

        /**
         * Waits, up to the start-up timeout, until the pool has noticed the workers this run killed
         * and is whole again, so that the summary counts every replacement.
         */
        private void settle() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                PoolStats stats = pool.stats();
                if (stats.workersReplaced() + stats.workerStartFailures() >= killed && stats.workers(WorkerState.READY) == workers
                        && stats.workers().size() == 1) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        /**
         * The hosts whose workers had answered calls when the pool was looked at: at each progress line and at the end. A
         * worker killed between two looks may be missed, but its host counts as soon as another of its workers answered.
         */
        Set<String> servedHosts() {
            lookAtHosts();
            return servedHosts;
        }

        private void lookAtHosts() {
            pool.workers().stream().filter(worker -> worker.completedCalls() > 0).forEach(worker -> servedHosts.add(worker.host()));
        }

        private void progress(long issued) {
            lookAtHosts();
            PoolStats stats = pool.stats();
            RequestStream.Outcome outcome = stream.outcome();
            err.printf("load: %d/%d submitted, %d ok, %d failed, workers ready %d, replaced %d%n", issued, requests,
                    outcome.ok(), outcome.failed(), stats.workers(WorkerState.READY), stats.workersReplaced());
            err.flush();
        }
    }
}
