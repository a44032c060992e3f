package dev.pybridge.pool.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Kills workers left behind by JVMs that are gone. A worker normally exits on its own when its
 * JVM dies (its stdin closes, its parent disappears); one stuck in native code holding the GIL
 * cannot notice, and this finds it by the run id on its command line: {@code <pid>-<start time>}
 * of the JVM that started it. A worker is killed only when that JVM is gone and the worker has
 * been handed to another parent; workers of live JVMs, this one included, are never touched.
 */
public final class OrphanSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

    private OrphanSweeper() {}

    /** Kills the orphaned workers it finds and returns how many. */
    public static int sweep(String ownRunId) {
        int killed = 0;
        for (ProcessHandle process : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
            Optional<String> runId = process.info().arguments().flatMap(OrphanSweeper::workerRunId);
            if (runId.isPresent() && !runId.get().equals(ownRunId) && !jvmAlive(runId.get()) && !childOfItsJvm(process, runId.get())
                    && process.destroyForcibly()) {
                LOG.warn("killed worker pid {} left behind by JVM run {}, which is gone", process.pid(), runId.get());
                killed++;
            }
        }
        return killed;
    }

    /** The run id of a PyBridge worker's command line, if it is one. */
    static Optional<String> workerRunId(String[] arguments) {
        List<String> args = List.of(arguments);
        int module = args.indexOf("-m");
        int runId = args.indexOf("--run-id");
        if (module < 0 || module + 1 >= args.size() || !"pybridge".equals(args.get(module + 1))
                || runId < 0 || runId + 1 >= args.size()) {
            return Optional.empty();
        }
        return Optional.of(args.get(runId + 1));
    }

    /**
     * Whether the worker's parent is still the process its run id names. An orphan has been
     * handed to another parent; a worker of a live JVM whose run id this version reads otherwise
     * (an older PyBridge) still has its JVM as parent, and is left alone.
     */
    static boolean childOfItsJvm(ProcessHandle worker, String runId) {
        int dash = runId.indexOf('-');
        String pid = dash < 0 ? runId : runId.substring(0, dash);
        return worker.parent().filter(ProcessHandle::isAlive).map(parent -> Long.toString(parent.pid()).equals(pid)).orElse(false);
    }

    /** Whether the JVM that a run id names still runs: same pid, same start time. */
    static boolean jvmAlive(String runId) {
        int dash = runId.indexOf('-');
        if (dash < 0) {
            return true;
        }
        try {
            long pid = Long.parseLong(runId.substring(0, dash));
            long started = Long.parseLong(runId.substring(dash + 1), 36);
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .flatMap(jvm -> jvm.info().startInstant())
                    .map(instant -> instant.toEpochMilli() == started)
                    .orElse(false);
        }
        catch (NumberFormatException e) {
            // Not a run id this version wrote: leave the process alone rather than guess.
            return true;
        }
    }
}
