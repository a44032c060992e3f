package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.pybridge.pool.TestingPool.await;
import static dev.pybridge.pool.TestingPool.bridge;
import static dev.pybridge.pool.TestingPool.config;
import static dev.pybridge.pool.TestingPool.killMinusNine;
import static dev.pybridge.pool.TestingPool.workerPids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workers killed with SIGKILL at random while thousands of calls are in flight: nothing is lost. */
@ExtendWith(NoProcessLeft.class)
class PoolChaosIT {

    private static final int CALLS = 3000;
    private static final int KILL_EVERY = 250;

    @Test
    void randomWorkersKilledDuringThousandsOfCallsLoseNothing() throws Exception {
        Random random = new Random(42);
        // These kills come from outside, at random: none is a crash loop, however soon after a start it comes.
        PoolConfig config = config(4).maxQueued(CALLS)
                .bridge(bridge().restartPolicy(RestartPolicy.defaults().withStableAfter(Duration.ZERO)).build())
                .build();
        try (PooledBridge pool = PooledBridge.start(config)) {
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(pool.submit(Call.invoke("operator:mul", i, 2)));
            }
            int ok = 0;
            int crashed = 0;
            int lost = 0;
            Set<Long> killed = new HashSet<>();
            for (int i = 0; i < CALLS; i++) {
                if (i % KILL_EVERY == KILL_EVERY / 2) {
                    // A worker killed a moment ago may not be reaped yet and still look alive: never count it twice. When every
                    // worker has just been killed, the next kill waits for a replacement to exist, however slowly it starts.
                    await("a worker to kill", 30, () -> !victims(killed).isEmpty());
                    List<Long> pids = victims(killed);
                    long victim = pids.get(random.nextInt(pids.size()));
                    killMinusNine(victim);
                    killed.add(victim);
                }
                try {
                    assertEquals((long) i * 2, calls.get(i).get(60, TimeUnit.SECONDS), "call " + i);
                    ok++;
                }
                catch (ExecutionException e) {
                    assertInstanceOf(WorkerCrashedException.class, e.getCause(), "only the calls in flight on a killed worker fail");
                    crashed++;
                }
                catch (TimeoutException e) {
                    lost++;
                }
            }
            assertEquals(0, lost, "every call got a result or an error");
            assertEquals(CALLS, ok + crashed);
            int kills = killed.size();
            assertTrue(kills >= CALLS / KILL_EVERY - 2, "the test killed " + kills + " workers");
            assertTrue(crashed <= kills, "at most one call in flight per killed worker: " + crashed + " failed, " + kills + " kills");
            // A worker killed a moment ago may still count as ready until its death is read: wait for the books to settle.
            await("every killed worker was noticed and replaced", 30, () -> pool.stats().workers(WorkerState.READY) == 4
                    && pool.stats().workersReplaced() + pool.stats().workerStartFailures() == kills);
            PoolStats stats = pool.stats();
            // A worker killed while it was starting counts as a failed start; either way it was replaced.
            assertEquals(kills, stats.workersReplaced() + stats.workerStartFailures(), stats.toString());
            assertEquals(4 + stats.workersReplaced(), stats.workersStarted(), "one successful start per replaced worker: " + stats);
            assertEquals(CALLS, stats.calls());
        }
    }

    private static List<Long> victims(Set<Long> killed) {
        return workerPids().stream().filter(pid -> !killed.contains(pid)).toList();
    }
}
