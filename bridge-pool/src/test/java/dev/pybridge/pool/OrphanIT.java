package dev.pybridge.pool;

import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.pybridge.pool.TestingPool.await;
import static dev.pybridge.pool.TestingPool.killMinusNine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM killed with SIGKILL leaves no Python process behind. */
@ExtendWith(NoProcessLeft.class)
class OrphanIT {

    @Test
    void workersDieWithTheirJvmEvenWhenItIsKilled() throws Exception {
        try (ChildJvm child = ChildJvm.start(PoolChild.class, TestingPool.python().executable(),
                Path.of("target", "worker-cache").toAbsolutePath().toString())) {
            String line = child.awaitLine("PIDS ", Duration.ofSeconds(60));
            List<Long> workers = Arrays.stream(line.trim().split(" ")).map(Long::parseLong).toList();
            assertEquals(2, workers.size(), line);
            assertTrue(workers.stream().allMatch(pid -> ProcessHandle.of(pid).isPresent()));

            killMinusNine(child.pid());

            await("the workers of the killed JVM exited", 15,
                    () -> workers.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        }
    }
}
