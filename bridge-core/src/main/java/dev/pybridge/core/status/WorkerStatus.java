package dev.pybridge.core.status;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot of one worker.
 *
 * @param id its id
 * @param pid its process id, or -1
 * @param host where it runs, as its launcher names it: {@code localhost} for a process of this machine
 * @param ready what it said when it started
 * @param inFlight calls sent to it and not yet answered
 * @param completedCalls calls it answered
 * @param lateReplies replies that came after their caller had stopped waiting
 * @since 0.1
 */
public record WorkerStatus(String id, long pid, String host, ReadyInfo ready, int inFlight, long completedCalls, long lateReplies) {

    public WorkerStatus {
        requireNonNull(id, "id is null");
        requireNonNull(host, "host is null");
        requireNonNull(ready, "ready is null");
    }
}
