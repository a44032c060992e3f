package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestHosts;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.pybridge.pool.TestingPool.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pool whose workers run on two other hosts through the ssh launcher: the test hosts of {@code .ci/test-hosts.sh},
 * network namespaces with their own sshd, where the worker arrives through the bootstrap on ssh's stdin. Each
 * worker tells where it runs by the server address of its ssh session ({@code SSH_CONNECTION}).
 */
class SshPoolIT {

    private static final String H1 = "10.231.1.2";
    private static final String H2 = "10.231.2.2";

    @TempDir
    Path marks;
    private TestHosts hosts;
    private String runHost;
    private PooledBridge pool;

    @BeforeEach
    void hosts() {
        hosts = TestHosts.require();
        runHost = "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        hosts.link(0, true);
        hosts.link(1, true);
        await("no worker of this test runs on either host, and no ssh of it here", 30,
                () -> TestHosts.workers(runHost).isEmpty() && sshClients().isEmpty());
    }

    private PooledBridge pool(int size, String... more) {
        Map<String, String> properties = new HashMap<>(hosts.launcherProperties(runHost));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        WorkerLauncher launcher = LauncherCatalog.load().create("ssh", properties);
        pool = new PooledBridge(PoolConfig.builder().bridge(TestingPython.config().build()).size(size).build(), launcher, Set.of());
        return pool;
    }

    // Marks that it started (its tag, pid and host in a file name), waits for the release mark, returns [pid, host].
    private Call parked(String tag) {
        return Call.exec(String.join("\n",
                "import os, time",
                "where = os.environ['SSH_CONNECTION'].split()[2]",
                "open(os.path.join(" + quoted(marks) + ", 'started %s %d %s' % (" + quoted(tag) + ", os.getpid(), where)), 'w').close()",
                "while not os.path.exists(os.path.join(" + quoted(marks) + ", 'release')):",
                "    time.sleep(0.02)",
                "[os.getpid(), where]"));
    }

    private static String quoted(Object text) {
        return "'" + text + "'";
    }

    /** The [pid, host] of each start of the call tagged {@code tag}, in no order. */
    private List<Started> started(String tag) {
        try (Stream<Path> files = Files.list(marks)) {
            return files.map(path -> path.getFileName().toString().split(" "))
                    .filter(parts -> parts.length == 4 && parts[0].equals("started") && parts[1].equals(tag))
                    .map(parts -> new Started(Long.parseLong(parts[2]), parts[3]))
                    .toList();
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private record Started(long pid, String host) {}

    private void release() throws IOException {
        Files.createFile(marks.resolve("release"));
    }

    @Test
    void callsAreServedOnBothHostsThroughTheBootstrap() throws Exception {
        PooledBridge pool = pool(2);
        CompletableFuture<Object> first = pool.submit(parked("a"));
        CompletableFuture<Object> second = pool.submit(parked("b"));
        await("both calls run", 60, () -> started("a").size() == 1 && started("b").size() == 1);
        release();
        Set<Object> where = Set.of(((List<?>) first.get(30, TimeUnit.SECONDS)).get(1), ((List<?>) second.get(30, TimeUnit.SECONDS)).get(1));
        assertEquals(Set.of(H1, H2), where);
        assertEquals(2, TestHosts.workers(runHost).size(), "one worker on each host, found by --run-host");
        assertEquals(2L, pool.eval("1 + 1"));
    }

    @Test
    void aRemoteWorkerKilledWithSigkillIsReplacedRetryingIdempotentCallsAndFailingOthersTyped() throws Exception {
        PooledBridge pool = pool(2);
        CompletableFuture<Object> idempotent = pool.submit(parked("idem").idempotent());
        CompletableFuture<Object> once = pool.submit(parked("once"));
        await("both calls run", 60, () -> started("idem").size() == 1 && started("once").size() == 1);
        long first = started("idem").get(0).pid();

        Processes.killMinusNine(first);
        await("the idempotent call runs again, on another worker", 60, () -> started("idem").size() == 2);
        long again = started("idem").stream().mapToLong(Started::pid).filter(pid -> pid != first).findFirst().orElseThrow();
        long other = started("once").get(0).pid();
        assertNotEquals(other, again, "the retry took the free replacement, not the busy worker");

        Processes.killMinusNine(other);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> once.get(60, TimeUnit.SECONDS));
        assertInstanceOf(WorkerCrashedException.class, failed.getCause());
        release();
        assertEquals((int) again, ((Number) ((List<?>) idempotent.get(60, TimeUnit.SECONDS)).get(0)).intValue());
        assertEquals(2L, pool.eval("1 + 1"));
        await("two workers run again", 60, () -> TestHosts.workers(runHost).size() == 2);
    }

    @Test
    void aLinkTakenDownFailsOnlyTheCallsThereWithinTheAliveChecks() throws Exception {
        PooledBridge pool = pool(2);
        CompletableFuture<Object> a = pool.submit(parked("a"));
        CompletableFuture<Object> b = pool.submit(parked("b"));
        await("both calls run", 60, () -> started("a").size() == 1 && started("b").size() == 1);
        boolean aOnH1 = started("a").get(0).host().equals(H1);
        CompletableFuture<Object> onH1 = aOnH1 ? a : b;
        CompletableFuture<Object> onH2 = aOnH1 ? b : a;

        long down = System.nanoTime();
        hosts.link(0, false);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> onH1.get(30, TimeUnit.SECONDS));
        Duration noticed = Duration.ofNanos(System.nanoTime() - down);
        assertInstanceOf(WorkerCrashedException.class, failed.getCause());
        // alive-interval 1 s, alive-count 2: ssh drops the link after about 3 s without an answer.
        assertTrue(noticed.compareTo(Duration.ofSeconds(25)) < 0, "the dead link was noticed after " + noticed);
        assertFalse(onH2.isDone(), "the call on the other host goes on");

        release();
        assertEquals(H2, ((List<?>) onH2.get(30, TimeUnit.SECONDS)).get(1));
        assertEquals(H2, pool.call(Call.eval("__import__('os').environ['SSH_CONNECTION'].split()[2]")),
                "new calls are served, on the host still reachable");
        await("the worker cut off on the first host ends when its sshd drops the session", 30,
                () -> TestHosts.workers(runHost).stream().allMatch(pid -> hostOf(pid).equals(H2)));
    }

    @Test
    void aCallPastItsDeadlineEndsItsWorkerEvenWhenItHoldsTheGilInNativeCode() throws Exception {
        PooledBridge pool = pool(1);
        long pid = ((Number) pool.eval("__import__('os').getpid()")).longValue();
        // The regular expression engine backtracks for ever without releasing the GIL: the worker's own watch cannot
        // run, so only the launcher's kill on the host ends it.
        Call stuck = Call.eval("__import__('re').match('(a+)+$', 'a' * 64 + 'b')").withTimeout(Duration.ofSeconds(2));
        assertThrows(BridgeTimeoutException.class, () -> pool.call(stuck));
        await("the stuck remote worker is killed", 30, () -> !Processes.running(pid));
        assertEquals(2L, pool.eval("1 + 1"));
    }

    @Test
    void aJvmKilledWithSigkillLeavesNoWorkerOnEitherHost() throws Exception {
        List<String> arguments = hosts.launcherProperties(runHost).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.toList());
        try (ChildJvm child = ChildJvm.start(SshPoolChild.class, arguments.toArray(String[]::new))) {
            child.awaitLine("READY", Duration.ofSeconds(90));
            await("a worker runs on each host", 60,
                    () -> TestHosts.workers(runHost).stream().map(SshPoolIT::hostOf).collect(Collectors.toSet()).equals(Set.of(H1, H2)));

            TestingPool.killMinusNine(child.pid());

            await("the remote workers of the killed JVM exited", 30, () -> TestHosts.workers(runHost).isEmpty());
        }
    }

    // The host a worker serves: its session's server address, from its environment.
    private static String hostOf(long pid) {
        try {
            String environment = Files.readString(Path.of("/proc", Long.toString(pid), "environ"));
            return Stream.of(environment.split("\0")).filter(variable -> variable.startsWith("SSH_CONNECTION="))
                    .map(variable -> variable.split(" ")[2]).findFirst().orElse("");
        }
        catch (IOException e) {
            return "";
        }
    }

    // The ssh clients on this machine that carry a worker of this test: the run host is in their remote command.
    private List<Long> sshClients() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(List::of)
                        .map(args -> args.stream().anyMatch(arg -> arg.contains("'--run-host' '" + runHost + "'")))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .filter(Processes::running)
                .toList();
    }
}
