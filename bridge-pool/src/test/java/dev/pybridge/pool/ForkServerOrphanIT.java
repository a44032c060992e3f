package dev.pybridge.pool;

import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forked workers carry their run id like spawned ones: the orphan sweep of the next pool finds those of a dead JVM and a dead fork server. */
@ExtendWith(NoProcessLeft.class)
class ForkServerOrphanIT {

    @Test
    void theNextPoolsSweepKillsTheForkedWorkersOfADeadJvmAndForkServer() throws Exception {
        try (ChildJvm child = ChildJvm.start(ForkedPoolChild.class, TestingPython.environment().executable(),
                Path.of("target", "worker-cache").toAbsolutePath().toString())) {
            List<Long> pids = Arrays.stream(child.awaitLine("PIDS ", Duration.ofSeconds(60)).trim().split(" ")).map(Long::parseLong).toList();
            assertEquals(3, pids.size(), "the fork server and two workers: " + pids);
            List<Long> workers = pids.subList(1, 3);
            // Stuck in native code holding the GIL, they notice nothing: neither their server's death nor their JVM's.
            // (Stopping them with SIGSTOP would not do: the kernel hangs up a stopped process group when it is orphaned.)
            Await.until("both workers are busy in their stuck calls", 30,
                    () -> workers.stream().allMatch(pid -> cpuTicks(pid) > 50));
            // The JVM frozen first, so that it cannot end the workers when their server dies: all go at once, as in a
            // container that is killed.
            signal("STOP", child.pid());
            Processes.killMinusNine(pids.get(0));
            Processes.killMinusNine(child.pid());
            Await.until("the killed JVM and fork server are gone", 15,
                    () -> !Processes.running(child.pid()) && !Processes.running(pids.get(0)));
            assertTrue(workers.stream().allMatch(Processes::running), "nothing ended the workers: " + workers);
            try (PooledBridge next = PooledBridge.start(TestingPool.config(1).build())) {
                assertEquals(2L, next.eval("1 + 1"));
                Await.until("the sweep killed the dead run's forked workers " + workers, 15,
                        () -> workers.stream().noneMatch(Processes::running));
            }
        }
    }

    // User time in clock ticks (usually 1/100 s), from /proc/<pid>/stat; 0 once the process is gone.
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]);
        }
        catch (IOException e) {
            return 0;
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
    }
}
