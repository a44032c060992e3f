package dev.pybridge.core.internal.engine;

import dev.pybridge.api.Call;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A local worker's reply to a waiting caller is read by that caller, on its own thread: the fast path is on. */
@ExtendWith(NoProcessLeft.class)
class CallerReadsIT {

    @Test
    void aWaitingCallerReadsItsOwnReplyAndSubmittedCallsAreReadForThem() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "without /proc, callers wait for the reader thread");
        List<Thread> servedOn = new CopyOnWriteArrayList<>();
        EngineListener listener = new EngineListener() {
            @Override
            public void workerServed(Slot slot, long calls) {
                servedOn.add(Thread.currentThread());
            }
        };
        try (Engine engine = new Engine(EngineConfig.singleWorker("reads", TestingPython.config().build()), new LocalProcessLauncher(),
                SessionStore.unbounded(), listener)) {
            engine.startAll();
            assertTrue(engine.servingSlots().get(0).worker().readsOnCallerThread());
            assertEquals(2L, engine.call(Call.eval("1 + 1")));
            assertEquals(List.of(Thread.currentThread()), servedOn, "the reply was read, and its call settled, on the caller's thread");
            // The worker waits before it answers: a reply that came back before the engine attached its bookkeeping to the
            // call would be settled on the submitting thread, whoever read it.
            assertEquals(3L, engine.submit(Call.eval("__import__('time').sleep(0.5) or 1 + 2")).get());
            assertTrue(servedOn.get(1).getName().endsWith("-reader"), "a submitted call's reply is read by the reader thread: " + servedOn);
        }
    }
}
