package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.WorkerStartupException;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which host gets the next worker: one with free capacity, preferring hosts whose last link did not fail, then
 * the one with the most room, then the first listed. A host whose link just dropped is thus tried last, so that
 * replacements go where they can start; it is used again as soon as it is the only one with room.
 */
final class HostSlots {

    private final Map<SshHost, Usage> hosts = new LinkedHashMap<>();

    HostSlots(List<SshHost> hosts) {
        hosts.forEach(host -> this.hosts.put(host, new Usage()));
    }

    /**
     * Takes a place on a host. When every host is full, waits up to {@code grace} for one to be given back (a
     * worker that is being replaced gives its place back when its ssh ends), then fails.
     */
    synchronized SshHost take(String workerId, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        Optional<SshHost> host = free();
        while (host.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw full(workerId, "every host is full (" + describe() + ")");
            }
            waitFor(workerId, left);
            host = free();
        }
        hosts.get(host.get()).running++;
        return host.get();
    }

    /** Takes a place on {@code host} itself, as long as it has room. */
    synchronized SshHost takeOn(SshHost host, String workerId) {
        if (hosts.get(host).running >= host.capacity()) {
            throw full(workerId, host.name() + " runs " + hosts.get(host).running + " of " + host.capacity());
        }
        hosts.get(host).running++;
        return host;
    }

    /** Gives back a place taken by {@link #take}; {@code linkFailed} when ssh itself failed (exit 255). */
    synchronized void release(SshHost host, boolean linkFailed) {
        Usage usage = hosts.get(host);
        usage.running--;
        usage.failures = linkFailed ? usage.failures + 1 : 0;
        notifyAll();
    }

    /** A worker on {@code host} became ready: its link works. */
    synchronized void worked(SshHost host) {
        hosts.get(host).failures = 0;
    }

    private Optional<SshHost> free() {
        return hosts.entrySet().stream()
                .filter(entry -> entry.getValue().running < entry.getKey().capacity())
                .min(Comparator.<Map.Entry<SshHost, Usage>>comparingInt(entry -> entry.getValue().failures)
                        .thenComparingInt(entry -> entry.getValue().running - entry.getKey().capacity()))
                .map(Map.Entry::getKey);
    }

    private static WorkerStartupException full(String workerId, String what) {
        return new WorkerStartupException("cannot start worker " + workerId + " over ssh: " + what
                + ": raise the launcher's capacity (or give hosts as host*N), add hosts, or start fewer workers", workerId, List.of(), null);
    }

    private String describe() {
        return hosts.entrySet().stream()
                .map(entry -> entry.getKey().name() + " runs " + entry.getValue().running + " of " + entry.getKey().capacity())
                .collect(Collectors.joining(", "));
    }

    private void waitFor(String workerId, long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartupException("the start of worker " + workerId + " over ssh was interrupted while every host was full",
                    workerId, List.of(), e);
        }
    }

    private static final class Usage {
        int running;
        int failures;
    }
}
