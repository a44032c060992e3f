package dev.pybridge.pool;

import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.api.config.PythonEnvironment;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlacingLauncherTest {

    private static final LaunchSpec SPEC = new LaunchSpec("w", PythonEnvironment.of("python3"), List.of(), Duration.ofSeconds(1),
            Optional.empty());

    @Test
    void workersGoToEachPlacementByItsShareAndAReplacementWhereTheDeadOneRan() {
        Counting local = new Counting("local");
        Counting remote = new Counting("remote");
        PlacingLauncher launcher = PlacingLauncher.over(List.of(local, remote), List.of(1, 2));
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hosts.add(launcher.launch(SPEC).host());
        }
        assertEquals(List.of("local", "remote", "remote"), hosts.stream().sorted().toList());
        remote.started.get(0).exit.complete(137);
        assertEquals("remote", launcher.launch(SPEC).host());
        local.started.get(0).exit.complete(137);
        assertEquals("local", launcher.launch(SPEC).host());
    }

    @Test
    void aFailedLaunchDoesNotCountAsARunningWorker() {
        Counting local = new Counting("local");
        WorkerLauncher failing = spec -> {
            throw new IllegalStateException("no host");
        };
        PlacingLauncher launcher = PlacingLauncher.over(List.of(failing, local), List.of(1, 1));
        assertThrows(IllegalStateException.class, () -> launcher.launch(SPEC));
        // Counted as running, the failed placement would be full now and the next worker would go to the other.
        assertThrows(IllegalStateException.class, () -> launcher.launch(SPEC));
        assertEquals(0, local.started.size());
    }

    @Test
    void aWorkerStartedOnANamedHostCountsInItsPlacementsShare() {
        Counting local = new Counting("local") {
            @Override
            public List<String> hosts() {
                return List.of("local");
            }

            @Override
            public WorkerProcess launchOn(String host, LaunchSpec spec) {
                return launch(spec);
            }
        };
        Counting remote = new Counting("remote");
        PlacingLauncher launcher = PlacingLauncher.over(List.of(local, remote), List.of(1, 1));
        assertEquals("local", launcher.launchOn("local", SPEC).host());
        assertEquals("remote", launcher.launch(SPEC).host(), "the local placement is full with the worker started on it by name");
    }

    @Test
    void sweepAndCloseReachEveryPlacement() {
        Counting a = new Counting("a");
        Counting b = new Counting("b");
        PlacingLauncher launcher = PlacingLauncher.over(List.of(a, b), List.of(1, 1));
        launcher.sweepOrphans();
        launcher.close();
        assertEquals(List.of(1, 1, 1, 1), List.of(a.swept.get(), b.swept.get(), a.closed.get(), b.closed.get()));
    }

    /** A launcher of processes that end when the test says so. */
    private static class Counting implements WorkerLauncher {
        final String host;
        final List<Fake> started = new ArrayList<>();
        final AtomicInteger swept = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        Counting(String host) {
            this.host = host;
        }

        @Override
        public WorkerProcess launch(LaunchSpec spec) {
            Fake process = new Fake(host);
            started.add(process);
            return process;
        }

        @Override
        public void sweepOrphans() {
            swept.incrementAndGet();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private record Fake(String host, CompletableFuture<Integer> exit) implements WorkerProcess {
        Fake(String host) {
            this(host, new CompletableFuture<>());
        }

        @Override
        public long pid() {
            return -1;
        }

        @Override
        public OutputStream stdin() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream stdout() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream stderr() {
            return InputStream.nullInputStream();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public void terminate() {
            exit.complete(143);
        }

        @Override
        public void kill() {
            exit.complete(137);
        }
    }
}
