package dev.pybridge.core.launch.ssh;

import dev.pybridge.core.internal.OrphanSweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ssh launcher's orphan sweep. A remote worker carries {@code --run-host} (this machine's name) and
 * {@code --run-id} (this JVM's pid and start time). A worker is killed only when all three hold: it names this
 * machine; the JVM its run id names is gone from this machine; and its ssh session has ended (its parent is no
 * longer sshd). The first two are asked here, the last on the host.
 *
 * <p>So two JVMs on different machines that share a worker host never kill each other's workers: each sweeps
 * only its own machine's name. Were two machines given the same name, the session check still spares every
 * worker that is serving someone, since a live worker's ssh session is open; only workers that can no longer
 * serve anyone are killed.
 */
final class OrphanHunt {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanHunt.class);

    private final SshSettings settings;
    private final RemoteWorkers remote;

    OrphanHunt(SshSettings settings, RemoteWorkers remote) {
        this.settings = settings;
        this.remote = remote;
    }

    /** Sweeps every host at once; returns how many workers were killed. */
    int sweep(String ownRunId) {
        Map<SshHost, Process> listings = new LinkedHashMap<>();
        for (SshHost host : settings.hosts()) {
            startOn(host, List.of("list", settings.runHost(), ownRunId)).ifPresent(ssh -> listings.put(host, ssh));
        }
        Map<SshHost, Process> reaps = new LinkedHashMap<>();
        listings.forEach((host, ssh) -> {
            List<String> dead = deadRuns(remote.lines(host, ssh));
            if (!dead.isEmpty()) {
                List<String> arguments = new ArrayList<>(List.of("reap", settings.runHost()));
                arguments.addAll(dead);
                startOn(host, arguments).ifPresent(reap -> reaps.put(host, reap));
            }
        });
        int killed = 0;
        for (Map.Entry<SshHost, Process> reap : reaps.entrySet()) {
            for (String line : remote.lines(reap.getKey(), reap.getValue())) {
                LOG.warn("killed worker pid {} on {}, left behind by JVM run {} of this machine, which is gone",
                        line.split(" ")[0], reap.getKey().name(), line.split(" ")[1]);
                killed++;
            }
        }
        return killed;
    }

    // "PID RUN_ID" lines in, "PID RUN_ID" argument pairs out, for the runs that are over.
    private static List<String> deadRuns(List<String> lines) {
        List<String> pairs = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length == 2 && OrphanSweeper.runGone(fields[1])) {
                pairs.addAll(List.of(fields[0], fields[1]));
            }
        }
        return pairs;
    }

    private Optional<Process> startOn(SshHost host, List<String> arguments) {
        try {
            return Optional.of(remote.start(host, arguments));
        }
        catch (IOException e) {
            LOG.warn("could not look for orphaned workers on {}: {}", host.name(), e.toString());
            return Optional.empty();
        }
    }
}
