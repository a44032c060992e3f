package dev.pybridge.jsr223;

import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interrupting a thread in {@code eval}, on the engines of one {@link ScriptEngineManager}, which
 * share their factory's worker: the thread is released with a {@link ScriptException}, and the
 * worker, which cannot stop {@code while True: pass}, is replaced so that every engine goes on.
 */
@ExtendWith(NoProcessLeft.class)
class InterruptIT {

    private static final String SPIN = "open(marker, 'w').close()\nwhile True:\n    pass";
    // Bounds on waits that end in seconds when the engine works, and in a day (the factory's call timeout) when it does not.
    private static final int RELEASED_SECONDS = 30;
    private static final Duration GOES_ON = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private final ScriptEngineManager manager = new ScriptEngineManager();
    private final List<PythonScriptEngine> engines = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void close() throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(RELEASED_SECONDS));
        }
        // The factory first: should a test fail with the worker stuck, closing an engine would wait behind it.
        engines.stream().map(engine -> (PythonScriptEngineFactory) engine.getFactory()).distinct().forEach(PythonScriptEngineFactory::close);
        engines.forEach(PythonScriptEngine::close);
    }

    @Test
    void anInterruptedEvalReturnsAtOnceAndEveryEngineOfTheManagerGoesOnOnANewWorker() throws Exception {
        PythonScriptEngine spinning = engine();
        PythonScriptEngine other = engine();
        spinning.eval("def answer():\n    return 41");
        other.eval("mine = 'other'");
        long firstWorker = (Long) other.eval("__import__('os').getpid()");

        Evaluation loop = spin(spinning);
        loop.thread().interrupt();

        assertInterrupted(loop);
        assertEquals(2L, assertTimeoutPreemptively(GOES_ON, () -> other.eval("1 + 1")),
                "another engine of the manager is not stuck behind the loop");
        assertNotEquals(firstWorker, other.eval("__import__('os').getpid()"), "the spinning worker was replaced");
        Await.until("the spinning worker is gone", RELEASED_SECONDS, () -> ProcessHandle.of(firstWorker).isEmpty()
                || !ProcessHandle.of(firstWorker).get().isAlive());
        assertEquals("other", other.eval("mine"), "the other engine's state was replayed on the new worker");
        assertEquals(42L, spinning.eval("answer() + 1"), "the interrupted engine's definitions were replayed on the new worker");
    }

    @Test
    void aThreadWaitingForItsTurnOnABusyEngineCanBeInterrupted() throws Exception {
        PythonScriptEngine engine = engine();
        Evaluation loop = spin(engine);
        Evaluation waiting = evalIn(engine, "ran = True");
        Await.until("the second call waits for the first", RELEASED_SECONDS, () -> waiting.thread().getState() == Thread.State.WAITING);
        waiting.thread().interrupt();

        assertInterrupted(waiting);
        loop.thread().interrupt();
        assertInterrupted(loop);
        assertEquals(false, assertTimeoutPreemptively(GOES_ON, () -> engine.eval("'ran' in globals()")),
                "the interrupted call never ran");
    }

    @Test
    void anEvalOnAThreadAlreadyInterruptedSendsNothing() throws Exception {
        PythonScriptEngine engine = engine();
        engine.eval("ran = False");
        long worker = (Long) engine.eval("__import__('os').getpid()");
        Thread.currentThread().interrupt();
        try {
            ScriptException error = assertThrows(ScriptException.class, () -> engine.eval("ran = True"));
            assertInstanceOf(BridgeInterruptedException.class, error.getCause());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag stays set");
        }
        finally {
            Thread.interrupted();
        }
        assertEquals(false, engine.eval("ran"));
        assertEquals(worker, engine.eval("__import__('os').getpid()"), "no call was abandoned, so the worker serves on");
    }

    private PythonScriptEngine engine() {
        PythonScriptEngine engine = assertInstanceOf(PythonScriptEngine.class, manager.getEngineByName("cpython"));
        engines.add(engine);
        return engine;
    }

    /** Starts {@code while True: pass} in {@code engine} on a thread of its own; returns once the loop runs. */
    private Evaluation spin(ScriptEngine engine) {
        Path running = folder.resolve("running-" + threads.size());
        engine.put("marker", running.toString());
        Evaluation loop = evalIn(engine, SPIN);
        Await.until("the loop runs", RELEASED_SECONDS, () -> Files.exists(running));
        return loop;
    }

    private Evaluation evalIn(ScriptEngine engine, String script) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                engine.eval(script);
                outcome.complete(new Outcome(null, Thread.currentThread().isInterrupted()));
            }
            catch (Throwable e) {
                outcome.complete(new Outcome(e, Thread.currentThread().isInterrupted()));
            }
        }, "eval-" + threads.size());
        threads.add(thread);
        thread.start();
        return new Evaluation(thread, outcome);
    }

    private static void assertInterrupted(Evaluation evaluation) throws Exception {
        Outcome outcome = evaluation.outcome().get(RELEASED_SECONDS, TimeUnit.SECONDS);
        ScriptException error = assertInstanceOf(ScriptException.class, outcome.failure());
        assertInstanceOf(BridgeInterruptedException.class, error.getCause());
        assertTrue(outcome.interruptFlag(), "the thread's interrupt flag stays set");
    }

    /** A thread running one eval, and how that eval ended. */
    private record Evaluation(Thread thread, CompletableFuture<Outcome> outcome) {}

    /** What the eval threw (null: it returned), and whether the thread's interrupt flag was set afterwards. */
    private record Outcome(Throwable failure, boolean interruptFlag) {}
}
