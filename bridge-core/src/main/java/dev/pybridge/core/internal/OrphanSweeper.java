package dev.pybridge.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Kills workers left behind by JVMs that are gone. A worker normally exits on its own when its
 * JVM dies (its stdin closes, its parent disappears); one stuck in native code holding the GIL
 * cannot notice, and this finds it by the run id on its command line: {@code <pid>-<start time>}
 * of the JVM that started it. A worker is killed only when that JVM is gone and the worker has
 * been handed to another parent; workers of live JVMs, this one included, are never touched.
 *
 * <p>Processes that a worker's user code forked carry its command line, and are found the same way.
 * With each, the sweep kills the process group its worker led, which holds what user code started
 * under other names ({@code subprocess} children): the remains of a run whose JVM and worker were
 * killed together, so that neither could end them.
 */
public final class OrphanSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);

    private OrphanSweeper() {}

    /** Kills the orphaned workers it finds and returns how many. */
    public static int sweep(String ownRunId) {
        int killed = 0;
        for (ProcessHandle process : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
            Optional<String> runId = process.info().arguments().flatMap(OrphanSweeper::workerRunId);
            if (runId.isPresent() && !runId.get().equals(ownRunId) && orphaned(process, runId.get())) {
                OptionalLong group = ProcessGroups.groupOf(process.pid());
                if (process.destroyForcibly()) {
                    LOG.warn("killed worker pid {} left behind by JVM run {}, which is gone", process.pid(), runId.get());
                    killed++;
                }
                group.ifPresent(leader -> endGroup(leader, runId.get()));
            }
        }
        return killed;
    }

    // Only a group a worker of that run led: its leader has ended (or waits, a zombie, to be reaped), or is such a
    // worker; never this JVM's own group.
    private static void endGroup(long leader, String runId) {
        if (leader == ProcessGroups.groupOf(ProcessHandle.current().pid()).orElse(-1)) {
            return;
        }
        Optional<String> leaderRun = ProcessHandle.of(leader).flatMap(process -> process.info().arguments()).flatMap(OrphanSweeper::workerRunId);
        if (!ProcessGroups.running(leader) || leaderRun.equals(Optional.of(runId))) {
            ProcessGroups.kill(leader);
        }
    }

    /**
     * Whether a worker's JVM is gone: no process with the run id's pid and start time, and the
     * worker handed to another parent. A run id this version cannot read is left alone, and so
     * is a worker whose parent is still the run id's pid (a live JVM of an older PyBridge, whose
     * run id this version reads otherwise).
     */
    static boolean orphaned(ProcessHandle worker, String runId) {
        return parse(runId).filter(jvm -> !jvm.alive() && !jvm.isParentOf(worker)).isPresent();
    }

    /**
     * Whether the JVM a run id names is gone from this machine; false for a run id this version cannot read.
     * What the ssh launcher's sweep asks about the run ids it finds on other hosts.
     */
    public static boolean runGone(String runId) {
        return parse(runId).filter(jvm -> !jvm.alive()).isPresent();
    }

    /** The run id of a PyBridge worker's command line, if it is one. */
    static Optional<String> workerRunId(String[] arguments) {
        List<String> args = List.of(arguments);
        int runId = args.indexOf("--run-id");
        if (!startsWorker(args) || runId < 0 || runId + 1 >= args.size()) {
            return Optional.empty();
        }
        return Optional.of(args.get(runId + 1));
    }

    // The start script, or "-m pybridge" as workers of earlier versions were started.
    private static boolean startsWorker(List<String> args) {
        int module = args.indexOf("-m");
        return args.stream().anyMatch(arg -> arg.endsWith("/" + WorkerScripts.START_SCRIPT) || arg.equals(WorkerScripts.START_SCRIPT))
                || module >= 0 && module + 1 < args.size() && "pybridge".equals(args.get(module + 1));
    }

    private static Optional<RunId> parse(String runId) {
        int dash = runId.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunId(Long.parseLong(runId.substring(0, dash)), Long.parseLong(runId.substring(dash + 1), 36)));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The JVM a run id names: its pid and its start time in epoch milliseconds. */
    private record RunId(long pid, long startMillis) {

        boolean alive() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .flatMap(jvm -> jvm.info().startInstant())
                    .map(instant -> instant.toEpochMilli() == startMillis)
                    .orElse(false);
        }

        boolean isParentOf(ProcessHandle worker) {
            return worker.parent().filter(ProcessHandle::isAlive).map(parent -> parent.pid() == pid).orElse(false);
        }
    }
}
