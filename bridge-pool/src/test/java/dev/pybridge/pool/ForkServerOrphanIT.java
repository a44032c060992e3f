package dev.pybridge.pool;

import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forked workers carry their run id like spawned ones: the orphan sweep of the next pool finds those of a dead JVM. */
@ExtendWith(NoProcessLeft.class)
class ForkServerOrphanIT {

    @Test
    void theNextPoolsSweepKillsTheForkServerAndWorkersOfADeadJvm() throws Exception {
        try (ChildJvm child = ChildJvm.start(ForkedPoolChild.class, TestingPython.environment().executable(),
                Path.of("target", "worker-cache").toAbsolutePath().toString())) {
            List<Long> pids = Arrays.stream(child.awaitLine("PIDS ", Duration.ofSeconds(60)).trim().split(" ")).map(Long::parseLong).toList();
            assertEquals(3, pids.size(), "the fork server and two workers: " + pids);
            // Frozen, so that none can notice its JVM is gone and exit: as workers stuck in native code would stay.
            for (long pid : pids) {
                signal("STOP", pid);
            }
            Processes.killMinusNine(child.pid());
            Await.until("the killed JVM is gone", 15, () -> !Processes.running(child.pid()));
            assertTrue(pids.stream().allMatch(Processes::running), "nothing ended them: " + pids);
            try (PooledBridge next = PooledBridge.start(TestingPool.config(1).build())) {
                assertEquals(2L, next.eval("1 + 1"));
                Await.until("the sweep killed the dead run's fork server and workers " + pids, 15,
                        () -> pids.stream().noneMatch(Processes::running));
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal + " " + pid);
    }
}
