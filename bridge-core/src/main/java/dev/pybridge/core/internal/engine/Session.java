package dev.pybridge.core.internal.engine;

import static java.util.Objects.requireNonNull;

/** A session the engine remembers: the calls that define it, and the worker that holds it. */
public final class Session {

    private final String id;
    private final SessionLog log;
    private volatile Slot home;

    public Session(String id) {
        this.id = requireNonNull(id, "id is null");
        this.log = new SessionLog(id);
    }

    public String id() {
        return id;
    }

    public SessionLog log() {
        return log;
    }

    /** The slot whose worker holds the session, or null when none does yet. */
    public Slot home() {
        return home;
    }

    void moveTo(Slot slot) {
        home = slot;
    }
}
