package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A pool with preload modules forks its workers from one fork server: real Python processes, real
 * SIGKILLs. Each worker reports (on every worker, replacements included, through an all-workers
 * call) its pid, the pid and time at which its preload module was imported, and its random draws.
 */
@ExtendWith(NoProcessLeft.class)
class ForkServerIT {

    // Imported once by the fork server: every forked worker sees the server's pid and import time.
    private static final String PROBE = "import os, time\nPID = os.getpid()\nAT = time.time_ns()\n";

    @TempDir
    Path modules;
    @TempDir
    Path reports;

    @Test
    void everyWorkerSeesThePreloadImportedOnceByTheForkServer() throws Exception {
        try (PooledBridge pool = pool(2, "fs_probe")) {
            Map<Long, Report> workers = awaitReports(2);
            long server = forkServerPid();
            for (Map.Entry<Long, Report> worker : workers.entrySet()) {
                assertEquals(server, worker.getValue().preloadPid(), "worker " + worker.getKey() + " imported the preload itself");
                assertNotEquals(server, worker.getKey().longValue());
            }
            assertEquals(1, workers.values().stream().map(Report::preloadAt).distinct().count(), "one import: " + workers);
        }
    }

    @Test
    void twoForkedWorkersDrawDifferentRandomNumbers() throws Exception {
        try (PooledBridge pool = pool(2, "fs_probe", "random")) {
            List<Report> workers = List.copyOf(awaitReports(2).values());
            assertNotEquals(workers.get(0).random(), workers.get(1).random(), "random.random() after the fork: " + workers);
        }
    }

    @Test
    void twoForkedWorkersDrawDifferentNumpyNumbers() throws Exception {
        assumeTrue(imports("numpy"), "numpy is not installed for " + TestingPython.environment().executable()
                + ": its global generator cannot be checked");
        try (PooledBridge pool = pool(2, "fs_probe", "numpy.random")) {
            List<Object> perWorker = pool.submit(Call.exec(report("__import__(\"numpy\").random.random()")).onAllWorkers())
                    .thenApply(ignored -> reportedRandoms()).join();
            assertEquals(2, Set.copyOf(perWorker).size(), "numpy.random.random() after the fork: " + perWorker);
        }
    }

    @Test
    void aPreloadThatStartsAThreadIsRefusedNamingTheThread() throws IOException {
        Files.writeString(modules.resolve("fs_threads.py"),
                "import threading\nthreading.Thread(target=threading.Event().wait, name='preload-waiter', daemon=True).start()\n");
        BridgeConfigurationException refused = assertThrows(BridgeConfigurationException.class,
                () -> PooledBridge.start(config(1, "fs_threads").build()));
        assertTrue(refused.getMessage().contains("preload-waiter"), refused.getMessage());
        assertTrue(refused.getMessage().contains("fs_threads"), refused.getMessage());
    }

    @Test
    void aKilledWorkerIsReplacedByAForkWithoutANewImport() throws Exception {
        try (PooledBridge pool = pool(2, "fs_probe")) {
            Map<Long, Report> first = awaitReports(2);
            long victim = first.keySet().iterator().next();
            Processes.killMinusNine(victim);
            Map<Long, Report> after = awaitReports(3);
            Report replacement = after.entrySet().stream().filter(entry -> !first.containsKey(entry.getKey()))
                    .findFirst().orElseThrow().getValue();
            assertEquals(first.get(victim).preloadPid(), replacement.preloadPid(), "the replacement was forked by the same server");
            assertEquals(first.get(victim).preloadAt(), replacement.preloadAt(), "the replacement imported nothing again");
            assertEquals(2L, pool.eval("1 + 1"));
        }
    }

    @Test
    void killingTheForkServerEndsEveryWorkerAndThePoolRecovers() throws Exception {
        try (PooledBridge pool = pool(2, "fs_probe")) {
            Map<Long, Report> first = awaitReports(2);
            long server = forkServerPid();
            Processes.killMinusNine(server);
            Await.until("every forked worker ended with its server", 15, () -> first.keySet().stream().noneMatch(Processes::running));
            Map<Long, Report> after = awaitReports(4);
            long next = forkServerPid();
            assertNotEquals(server, next, "a new fork server");
            after.keySet().stream().filter(pid -> !first.containsKey(pid))
                    .forEach(pid -> assertEquals(next, after.get(pid).preloadPid(), "forked by the new server"));
            assertEquals(2L, pool.eval("1 + 1"));
        }
    }

    @Test
    void withoutForkThePoolSpawnsWorkersThatImportThePreloadThemselves() throws Exception {
        Files.writeString(modules.resolve("sitecustomize.py"), "import os\ndel os.fork\n");
        try (PooledBridge pool = pool(2, "fs_probe")) {
            Map<Long, Report> workers = awaitReports(2);
            workers.forEach((pid, report) -> assertEquals(pid.longValue(), report.preloadPid(), "spawned: imported by the worker"));
            assertEquals(2L, pool.eval("1 + 1"));
        }
    }

    private PooledBridge pool(int size, String... preload) throws IOException {
        Files.writeString(modules.resolve("fs_probe.py"), PROBE);
        PooledBridge pool = PooledBridge.start(config(size, preload).build());
        pool.submit(Call.exec(report("random.random()")).onAllWorkers()).join();
        return pool;
    }

    private PoolConfig.Builder config(int size, String... preload) {
        PythonEnvironment python = TestingPython.environment().withVariable("PYTHONPATH", modules.toString());
        return PoolConfig.builder().bridge(TestingPython.config().python(python).build()).size(size).preload(preload);
    }

    // Written by every worker, now and later: "<preload pid> <preload time> <draw>" in a file named by its pid.
    private String report(String draw) {
        return "import os, random, fs_probe\n"
                + "with open(os.path.join(" + pyString(reports.toString()) + ", str(os.getpid())), 'w') as out:\n"
                + "    out.write(f'{fs_probe.PID} {fs_probe.AT} {" + draw + "!r}')\n";
    }

    private static String pyString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private record Report(long preloadPid, long preloadAt, String random) {}

    private Map<Long, Report> awaitReports(int count) {
        Await.until(count + " workers reported", 30, () -> reportFiles().size() >= count);
        Map<Long, Report> reported = new HashMap<>();
        for (Path file : reportFiles()) {
            String[] fields = read(file).split(" ");
            reported.put(Long.parseLong(file.getFileName().toString()), new Report(Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2]));
        }
        return reported;
    }

    private List<Object> reportedRandoms() {
        return reportFiles().stream().map(file -> (Object) read(file).split(" ")[2]).toList();
    }

    private List<Path> reportFiles() {
        try (Stream<Path> files = Files.list(reports)) {
            // A file is written whole before the all-workers call completes, but may be seen while it is written.
            return files.filter(file -> read(file).split(" ").length == 3).toList();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            return "";
        }
    }

    static long forkServerPid() {
        List<Long> servers = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains("--fork-server"))
                .map(ProcessHandle::pid).toList();
        assertEquals(1, servers.size(), "one fork server: " + servers);
        return servers.get(0);
    }

    private static boolean imports(String module) throws Exception {
        Process probe = new ProcessBuilder(TestingPython.environment().executable(), "-c", "import " + module)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "python -c 'import " + module + "' did not end");
        return probe.exitValue() == 0;
    }
}
