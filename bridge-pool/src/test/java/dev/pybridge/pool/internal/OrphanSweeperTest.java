package dev.pybridge.pool.internal;

import dev.pybridge.core.worker.WorkerStarter;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrphanSweeperTest {

    @Test
    void recognisesAWorkersCommandLine() {
        assertEquals(Optional.of("123-abc"), OrphanSweeper.workerRunId(
                new String[] {"-m", "pybridge", "--worker-id", "w1", "--run-id", "123-abc", "--parent-pid", "123"}));
        assertEquals(Optional.empty(), OrphanSweeper.workerRunId(new String[] {"-m", "http.server", "--run-id", "1-a"}));
        assertEquals(Optional.empty(), OrphanSweeper.workerRunId(new String[] {"-m", "pybridge"}));
        assertEquals(Optional.empty(), OrphanSweeper.workerRunId(new String[] {"script.py", "--run-id"}));
    }

    @Test
    void thisJvmIsAlive() {
        assertTrue(OrphanSweeper.jvmAlive(WorkerStarter.runId()));
    }

    @Test
    void aChildOfThisJvmIsNeverAnOrphan() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            String ownPid = Long.toString(ProcessHandle.current().pid());
            assertTrue(OrphanSweeper.childOfItsJvm(child.toHandle(), ownPid + "-anything"));
            assertFalse(OrphanSweeper.childOfItsJvm(child.toHandle(), "1-anything"));
        }
        finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmWithAnotherStartTimeIsGone() {
        long pid = ProcessHandle.current().pid();
        assertFalse(OrphanSweeper.jvmAlive(pid + "-" + Long.toString(1, 36)), "same pid, different start: the pid was reused");
        assertTrue(OrphanSweeper.jvmAlive("not-a-run-id!"), "an unreadable run id is left alone");
    }
}
