package dev.pybridge.pool;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.program.AdapterFeature;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.api.spi.AdapterCatalog;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingDspy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The python adapter over a pool: the LM on every worker, programs through crashes, batches on all workers. */
@ExtendWith(NoProcessLeft.class)
class PooledAdapterIT {

    @Test
    void theLmAndTheProgramsReachWorkersStartedAfterTheyWereSet() {
        try (PooledBridge pool = start(2); Adapter adapter = adapter(pool)) {
            adapter.configureLm(TestingDspy.answeringLm());
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("answer to before", adapter.execute("qa", Map.of("question", "before")).getString("answer"));
            List<Long> before = TestingPool.workerPids();
            assertEquals(2, before.size(), before.toString());

            before.forEach(TestingPool::killMinusNine);
            TestingPool.await("two new workers", 30, () -> {
                List<Long> now = TestingPool.workerPids();
                return now.size() == 2 && now.stream().noneMatch(before::contains)
                        && pool.stats().workers(WorkerState.READY) == 2;
            });

            assertEquals("answer to after", adapter.execute("qa", Map.of("question", "after")).getString("answer"));
            List<Prediction> batch = adapter.executeBatch("qa", questions(6));
            assertEquals(answers(6), batch.stream().map(prediction -> prediction.getString("answer")).toList());
        }
    }

    @Test
    void aBatchRunsOnEveryWorkerAndComesBackInOrder() {
        try (PooledBridge pool = start(2); Adapter adapter = adapter(pool)) {
            assertTrue(adapter.capabilities().has(AdapterFeature.PARALLEL_BATCH));
            // Each answer takes a while, so that one worker cannot finish the batch before the other starts.
            adapter.configureLm(LmConfig.builder("fake/slow").factory("fake_lms:answering").extra("delay_s", 0.2).build());
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));

            List<Prediction> batch = adapter.executeBatch("qa", questions(8));

            assertEquals(answers(8), batch.stream().map(prediction -> prediction.getString("answer")).toList());
            Set<String> workers = new HashSet<>();
            batch.forEach(prediction -> workers.add(prediction.worker()));
            assertEquals(2, workers.size(), "served by " + workers);
        }
    }

    @Test
    void thePoolModuleBindsAnAdapterOverThePool() {
        Injector injector = Guice.createInjector(new PoolModule(TestingPool.config(1)
                .bridge(TestingPool.bridge().python(TestingDspy.environment()).build()).build()));
        try (PooledBridge pool = injector.getInstance(PooledBridge.class)) {
            Adapter adapter = injector.getInstance(Adapter.class);
            adapter.configureLm(TestingDspy.answeringLm());
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals("answer to bound", adapter.execute("qa", Map.of("question", "bound")).getString("answer"));
        }
    }

    @Test
    void theCatalogFindsThePoolProviderByName() {
        Map<String, String> properties = Map.of(
                "python-path", TestingDspy.environment().environment().get("PYTHONPATH"),
                "python", TestingPool.python().executable(),
                "workers", "2",
                "lm.model", "fake/answering",
                "lm.factory", "fake_lms:answering");
        try (Adapter adapter = AdapterCatalog.load().create("python-pool", properties)) {
            assertTrue(adapter.capabilities().has(AdapterFeature.PARALLEL_BATCH));
            adapter.createProgram(ProgramSpec.predict("question -> answer").withId("qa"));
            assertEquals(answers(3), adapter.executeBatch("qa", questions(3)).stream()
                    .map(prediction -> prediction.getString("answer")).toList());
        }
    }

    private static PooledBridge start(int size) {
        return PooledBridge.start(TestingPool.config(size).bridge(TestingPool.bridge().python(TestingDspy.environment()).build()).build());
    }

    private static Adapter adapter(PooledBridge pool) {
        return PythonAdapter.builder(pool).workers(2).build();
    }

    private static List<Map<String, String>> questions(int n) {
        return IntStream.range(0, n).mapToObj(i -> Map.of("question", "q" + i)).toList();
    }

    private static List<String> answers(int n) {
        return IntStream.range(0, n).mapToObj(i -> "answer to q" + i).toList();
    }
}
