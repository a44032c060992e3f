package dev.pybridge.cli;

import dev.pybridge.cli.measure.Latencies;
import dev.pybridge.api.Call;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolStats;
import dev.pybridge.pool.PooledBridge;
import dev.pybridge.pool.WorkerState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./pybridge load}: drives real calls of a small CPU-bound Python function through a pool
 * and ends with one summary line. Progress goes to stderr, the summary to stdout; the exit code
 * is 0 when no request was lost (left with neither a result nor an error).
 */
@Command(name = "load", description = "Drive real calls through a pool of workers; end with one summary line.")
final class LoadCommand implements Callable<Integer> {

    private static final String WORK = "def pybridge_load(n):\n    total = 0\n    for i in range(n):\n        total += i * i\n    return total\n";

    @Mixin
    private PythonOption python;

    @Option(names = "--workers", defaultValue = "2", description = "Workers in the pool (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--requests", defaultValue = "2000", description = "Requests in all (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--work", defaultValue = "20000", paramLabel = "N",
            description = "Loop iterations per request, about 1 ms of Python per 20000 (default: ${DEFAULT-VALUE}).")
    private int work;

    @Option(names = "--kill", defaultValue = "0", paramLabel = "K",
            description = "Kill K random workers with SIGKILL during the run, spread over it, as an outage would (default: none).")
    private int kills;

    @Option(names = "--timeout", defaultValue = "PT30S", description = "Each request's deadline, ISO-8601 (default: 30 s).")
    private Duration timeout;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PoolConfig config = PoolConfig.builder()
                .bridge(python.config().callTimeout(timeout).build())
                .size(workers)
                .maxQueued(Math.max(1000, concurrency))
                .build();
        long starting = System.nanoTime();
        try (PooledBridge pool = PooledBridge.start(config)) {
            err.printf("load: %d workers ready in %d ms%n", workers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - starting));
            pool.call(Call.exec(WORK).onAllWorkers());
            Run run = new Run(pool, err);
            long running = System.nanoTime();
            run.execute();
            long elapsed = System.nanoTime() - running;
            err.printf("load: %d requests in %d ms, %.0f requests/s%n", requests, TimeUnit.NANOSECONDS.toMillis(elapsed),
                    requests * 1e9 / elapsed);
            err.flush();
            run.settle();
            PoolStats stats = pool.stats();
            Latencies latencies = run.okLatencies();
            out.printf("load: requests=%d ok=%d failed=%d lost=%d workers_replaced=%d p50_us=%d p99_us=%d%n",
                    requests, run.ok.get(), run.failed.get(), run.lost, stats.workersReplaced(),
                    latencies.percentileMicros(50), latencies.percentileMicros(99));
            out.flush();
            return run.lost == 0 ? 0 : 1;
        }
    }

    private void validate() {
        if (workers < 1 || concurrency < 1 || requests < 1 || work < 0 || kills < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--workers, --concurrency and --requests must be at least 1; --work and --kill at least 0");
        }
    }

    /** One run: submits with at most {@code concurrency} in flight, kills workers on schedule, reports progress. */
    private final class Run {
        private final PooledBridge pool;
        private final PrintWriter err;
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final long[] nanos = new long[requests];
        private final boolean[] succeeded = new boolean[requests];
        private final List<CompletableFuture<Object>> calls = new ArrayList<>(requests);
        private final Random random = new Random();
        private int lost;
        private int killed;

        Run(PooledBridge pool, PrintWriter err) {
            this.pool = pool;
            this.err = err;
        }

        void execute() throws InterruptedException {
            Semaphore inFlight = new Semaphore(concurrency);
            long lastProgress = System.nanoTime();
            int killEvery = kills == 0 ? Integer.MAX_VALUE : Math.max(1, requests / (kills + 1));
            for (int i = 0; i < requests; i++) {
                inFlight.acquire();
                if (i > 0 && i % killEvery == 0 && i / killEvery <= kills) {
                    killOneWorker();
                }
                submit(i, inFlight);
                if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(1)) {
                    progress(i + 1);
                    lastProgress = System.nanoTime();
                }
            }
            awaitAll();
            progress(requests);
        }

        private void submit(int index, Semaphore inFlight) {
            long started = System.nanoTime();
            // The bookkeeping stage is what the run waits for, so that every count is in before the summary.
            calls.add(pool.submit(Call.invoke("pybridge_load", work)).whenComplete((result, failure) -> {
                nanos[index] = System.nanoTime() - started;
                succeeded[index] = failure == null;
                (failure == null ? ok : failed).incrementAndGet();
                inFlight.release();
            }));
        }

        private void awaitAll() {
            long deadline = System.nanoTime() + timeout.plusSeconds(30).toNanos();
            for (CompletableFuture<Object> call : calls) {
                try {
                    call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                catch (Exception e) {
                    if (!call.isDone()) {
                        lost++;
                    }
                }
            }
        }

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
        void settle() {
            long deadline = System.nanoTime() + python.config().build().startupTimeout().toNanos();
            while (System.nanoTime() - deadline < 0) {
                PoolStats stats = pool.stats();
                if (stats.workersReplaced() + stats.workerStartFailures() >= killed && stats.workers(WorkerState.READY) == workers
                        && stats.workers().size() == 1) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }

        private void progress(int submitted) {
            PoolStats stats = pool.stats();
            err.printf("load: %d/%d submitted, %d ok, %d failed, workers ready %d, replaced %d%n", submitted, requests,
                    ok.get(), failed.get(), stats.workers(WorkerState.READY), stats.workersReplaced());
            err.flush();
        }

        Latencies okLatencies() {
            Latencies latencies = new Latencies();
            for (int i = 0; i < requests; i++) {
                if (succeeded[i]) {
                    latencies.recordNanos(nanos[i]);
                }
            }
            return latencies;
        }
    }
}
