package dev.pybridge.pool.internal;

import dev.pybridge.core.worker.SessionLog;

/** A session the pool remembers: the calls that define it, and the worker that holds it. */
public final class PoolSession {

    final SessionLog log;
    volatile Slot home;

    PoolSession(String id) {
        this.log = new SessionLog(id);
    }

    public String id() {
        return log.session();
    }

    public SessionLog log() {
        return log;
    }

    /** The worker holding the session, or null when none does (it never ran, or its worker is gone). */
    public Slot home() {
        return home;
    }
}
