package dev.pybridge.kubernetes;

import java.util.Optional;

/**
 * Tells whether the JVM a run id names is gone. A run id is {@code <pid>-<start time in base-36
 * epoch millis>} (core's RunId), and only a JVM on the same host (machine or pod) as that JVM can
 * judge it: the sweep asks only about pods whose run-host label is this JVM's.
 */
final class DeadRuns {

    private DeadRuns() {}

    /** Whether {@code runId} names a JVM of this host that is gone; false for one it cannot read. */
    static boolean dead(String runId) {
        int dash = runId.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        long pid;
        long startMillis;
        try {
            pid = Long.parseLong(runId.substring(0, dash));
            startMillis = Long.parseLong(runId.substring(dash + 1), 36);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> jvm = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return jvm.flatMap(process -> process.info().startInstant()).map(start -> start.toEpochMilli() != startMillis).orElse(jvm.isEmpty());
    }
}
