package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.core.SingleProcessBridge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kills a bridge's worker with SIGKILL, as the out-of-memory killer would. */
final class WorkerKill {

    private WorkerKill() {}

    /**
     * Returns once the bridge has seen the worker die: a call in flight on it has failed, so the
     * next call goes to a new worker.
     */
    static void killAndAwaitReplacement(SingleProcessBridge bridge) throws Exception {
        long pid = bridge.status().workerPid();
        CompletableFuture<Object> inFlight = bridge.submit(Call.exec("import time\ntime.sleep(60)").inSession("sleeper"));
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
        assertTrue(worker.destroyForcibly(), "could not kill worker " + pid);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> inFlight.get(30, TimeUnit.SECONDS));
        assertInstanceOf(WorkerCrashedException.class, failure.getCause());
        worker.onExit().get(10, TimeUnit.SECONDS);
    }
}
