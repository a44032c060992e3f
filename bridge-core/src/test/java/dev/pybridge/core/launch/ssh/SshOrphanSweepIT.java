package dev.pybridge.core.launch.ssh;

import dev.pybridge.core.internal.RunId;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ssh launcher's sweep kills, on the test hosts, the workers of this machine's dead runs whose ssh session has
 * ended, and nothing else: stand-ins with a worker's command line are started on a host in each of the other cases.
 */
class SshOrphanSweepIT {

    // A JVM that is gone: no process has this pid here.
    private static final String DEAD_RUN = "999999999-kx3c0ya8";

    private final List<Process> started = new ArrayList<>();
    private TestHosts hosts;
    private String runHost;

    @BeforeEach
    void hosts() {
        hosts = TestHosts.require();
        runHost = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
        // The stand-in started through ssh outlives its session (it reads no stdin); this pid namespace sees it.
        TestHosts.workers(runHost).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        Await.until("no stand-in of this test runs", 30, () -> TestHosts.workers(runHost).isEmpty());
    }

    // A process of host 1 with a remote worker's options whose parent is this JVM: its ssh session, if it had one, is over.
    private long standIn(String runId, String runHostName) throws IOException {
        Process process = new ProcessBuilder("ip", "netns", "exec", "pybridge-h1", "python3", "-c", "import time; time.sleep(600)",
                "--worker-id", "w-1", "--run-id", runId, "--run-host", runHostName).start();
        started.add(process);
        return process.pid();
    }

    // The same, started through ssh: its parent is sshd while the session lasts.
    private void standInWithSession(String runId) throws IOException {
        List<String> command = SshCommand.of(settings(), settings().hosts().get(0),
                "exec python3 -c 'import time; time.sleep(600)' --worker-id w-2 --run-id " + runId + " --run-host " + runHost);
        started.add(new ProcessBuilder(command).start());
    }

    private SshSettings settings() {
        return ((SshLauncher) launcher()).settings();
    }

    private WorkerLauncher launcher() {
        return LauncherCatalog.load().create("ssh", hosts.launcherProperties(runHost));
    }

    @Test
    void killsOnlyWorkersOfThisMachinesDeadRunsWhoseSessionEnded() throws IOException {
        long orphan = standIn(DEAD_RUN, runHost);
        long ownRun = standIn(RunId.current(), runHost);
        long otherMachine = standIn(DEAD_RUN, runHost + "-elsewhere");
        ProcessHandle maven = ProcessHandle.current().parent().orElseThrow();
        long liveRun = standIn(maven.pid() + "-" + Long.toString(maven.info().startInstant().orElseThrow().toEpochMilli(), 36), runHost);
        standInWithSession(DEAD_RUN);
        Await.until("the five stand-ins run", 30, () -> TestHosts.workers(runHost).size() == 4 && Processes.running(otherMachine));

        launcher().sweepOrphans();

        Await.until("the orphan is killed", 30, () -> !Processes.running(orphan));
        List<Long> left = TestHosts.workers(runHost);
        assertEquals(3, left.size(), "the worker of this JVM's run, of a live run, and of a run whose session is open: " + left);
        assertTrue(left.containsAll(List.of(ownRun, liveRun)), left.toString());
        assertTrue(Processes.running(otherMachine), "a worker of another machine's run is never touched");
    }
}
