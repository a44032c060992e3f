package dev.pybridge.pool;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.program.ApiKey;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingDspy;

import java.util.List;
import java.util.Map;

/**
 * A JVM that gives an adapter over a pool an API key, then does what might leak it: an LM that
 * fails quoting the key, workers killed and the configuration replayed to their replacements, a
 * failed batch. It prints every failure in full (stack traces too) and its log at the finest level.
 */
public final class SecretChild {

    static final String KEY = "sk-test-SECRET123";

    private SecretChild() {}

    public static void main(String[] args) {
        try (PooledBridge pool = PooledBridge.start(TestingPool.config(2)
                        .bridge(TestingPool.bridge().python(TestingDspy.environment()).build()).build());
             PythonAdapter adapter = PythonAdapter.builder(pool).workers(2).build()) {
            LmConfig lm = LmConfig.builder("fake/failing").apiKey(ApiKey.of(KEY)).factory("fake_lms:failing_with_key").build();
            System.out.println("lm: " + lm);
            adapter.configureLm(lm);
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("leaky"));
            report(() -> adapter.execute("leaky", Map.of("question", "q")));

            List<Long> before = Processes.workerPids();
            before.forEach(Processes::killMinusNine);
            Await.until("new workers", 30, () -> pool.stats().workers(WorkerState.READY) == 2
                    && Processes.workerPids().stream().noneMatch(before::contains));
            report(() -> adapter.executeBatch("leaky", List.of(Map.of("question", "a"), Map.of("question", "b"))));
            System.out.println("history: " + adapter.history(100));
            System.out.println("stats: " + adapter.stats() + " " + pool.stats());
        }
        System.out.println("done");
    }

    private static void report(Runnable action) {
        try {
            action.run();
            System.out.println("unexpected: no failure");
        }
        catch (BridgeException e) {
            System.out.println("failure: " + e.getMessage());
            e.printStackTrace(System.out);
        }
    }
}
