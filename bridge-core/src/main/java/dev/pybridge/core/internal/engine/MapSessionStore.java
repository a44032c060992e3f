package dev.pybridge.core.internal.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers sessions until they are closed. */
final class MapSessionStore implements SessionStore {

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public Session touch(String id) {
        return sessions.computeIfAbsent(id, Session::new);
    }

    @Override
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public void forget(String id) {
        sessions.remove(id);
    }

    @Override
    public long size() {
        return sessions.size();
    }
}
