package dev.pybridge.core.internal;

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
        assertEquals(Optional.of("9-z"), OrphanSweeper.workerRunId(
                new String[] {"/home/a/.cache/pybridge/worker-1f/start_pybridge.py", "--worker-id", "w1", "--run-id", "9-z"}));
        assertEquals(Optional.empty(), OrphanSweeper.workerRunId(new String[] {"/srv/not_start_pybridge.py", "--run-id", "9-z"}));
    }

    @Test
    void thisJvmIsAlive() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            assertFalse(OrphanSweeper.orphaned(child.toHandle(), RunId.current()));
        }
        finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aChildOfThisJvmIsNeverAnOrphan() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long ownPid = ProcessHandle.current().pid();
            assertFalse(OrphanSweeper.orphaned(child.toHandle(), ownPid + "-1"), "its parent is the run id's pid, whatever the start time");
            assertTrue(OrphanSweeper.orphaned(child.toHandle(), "1-1"), "neither its JVM nor its parent");
        }
        finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aJvmWithAnotherStartTimeIsGone() {
        ProcessHandle self = ProcessHandle.current();
        assertTrue(OrphanSweeper.orphaned(self, self.pid() + "-" + Long.toString(1, 36)), "same pid, different start: the pid was reused");
        assertFalse(OrphanSweeper.orphaned(self, "not-a-run-id!"), "an unreadable run id is left alone");
    }
}
