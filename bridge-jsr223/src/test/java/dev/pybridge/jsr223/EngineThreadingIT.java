package dev.pybridge.jsr223;

import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.script.Bindings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What {@code THREADING = MULTITHREADED} promises: one engine is safe to share, and threads see each other's effects. */
@ExtendWith(NoProcessLeft.class)
class EngineThreadingIT {

    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    private final TestingEngines engines = new TestingEngines();

    @AfterEach
    void close() {
        engines.close();
    }

    @Test
    void threadsSharingAnEngineLoseNoUpdateAndGetTheirOwnAnswers() throws Exception {
        PythonScriptEngine engine = engines.engine();
        assertEquals("MULTITHREADED", engine.getFactory().getParameter("THREADING"));
        engine.eval("counter = 0\ndef bump():\n    global counter\n    counter += 1\n    return counter");
        List<Long> answers = inParallel(thread -> () -> {
            List<Long> mine = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                engine.eval("counter += 1");
                engine.invokeFunction("bump");
                Bindings own = engine.createBindings();
                own.put("n", thread * 1000 + round);
                mine.add((Long) engine.eval("n * 2", own));
            }
            return mine;
        });
        for (int thread = 0; thread < THREADS; thread++) {
            for (int round = 0; round < ROUNDS; round++) {
                assertEquals(2L * (thread * 1000 + round), answers.get(thread * ROUNDS + round));
            }
        }
        assertEquals(2L * THREADS * ROUNDS, engine.eval("counter"));
        assertEquals(2L * THREADS * ROUNDS, engine.get("counter"));
    }

    @Test
    void enginesOnOneBridgeStayApartUnderConcurrentUse() throws Exception {
        List<PythonScriptEngine> each = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            each.add(engines.engine());
        }
        List<Long> answers = inParallel(thread -> () -> {
            PythonScriptEngine engine = each.get(thread);
            engine.put("mine", thread);
            List<Long> seen = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                seen.add((Long) engine.eval("total = globals().get('total', 0) + mine\nmine"));
            }
            return seen;
        });
        for (int thread = 0; thread < THREADS; thread++) {
            assertEquals((long) thread, answers.get(thread * ROUNDS + ROUNDS - 1));
            assertEquals((long) thread * ROUNDS, each.get(thread).eval("total"));
        }
    }

    @FunctionalInterface
    interface Work {
        Callable<List<Long>> forThread(int thread);
    }

    /** Runs one task per thread, all released at once; the results in thread order. */
    private static List<Long> inParallel(Work work) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                Callable<List<Long>> task = work.forThread(thread);
                futures.add(threads.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : futures) {
                all.addAll(future.get(120, TimeUnit.SECONDS));
            }
            return all;
        }
        finally {
            threads.shutdownNow();
        }
    }
}
