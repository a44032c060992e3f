package dev.pybridge.testkit.fake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the fake worker keeps per session, as the real worker does: a namespace (what {@code exec}
 * assigned) and the session's programs, created on first use and freed by {@code session.close}.
 * Requests without a session share one default session.
 */
final class Sessions {

    private final Map<Optional<String>, Session> sessions = new ConcurrentHashMap<>();

    /** One session's state. Its maps are guarded by the session itself. */
    static final class Session {
        final Map<String, Object> namespace = new LinkedHashMap<>();
        final Map<String, FakeProgram> programs = new LinkedHashMap<>();
    }

    Session of(Optional<String> session) {
        return sessions.computeIfAbsent(session, id -> new Session());
    }

    /** Frees the session; whether it existed. */
    boolean close(Optional<String> session) {
        return sessions.remove(session) != null;
    }

    /** The sessions that exist, the default one included once used. */
    int size() {
        return sessions.size();
    }
}
