package dev.pybridge.core.internal.engine;

import java.util.Optional;

/**
 * Where an engine remembers sessions. A single-process bridge keeps every session that defined
 * state until it is closed ({@link #unbounded()}); a pool keeps them in a bounded cache with an
 * idle expiry, and closes a forgotten session in its worker.
 */
public interface SessionStore {

    /** The session with this id, remembered from now on if it was not. */
    Session touch(String id);

    /** The session with this id, if it is remembered. */
    Optional<Session> find(String id);

    /** Forgets a session its caller closed. */
    void forget(String id);

    /** How many sessions are remembered. */
    long size();

    /** A store that forgets a session only when its caller closes it. */
    static SessionStore unbounded() {
        return new MapSessionStore();
    }
}
