package dev.pybridge.pool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.pybridge.api.Call;
import dev.pybridge.core.internal.engine.Session;
import dev.pybridge.core.internal.engine.SessionStore;
import dev.pybridge.core.internal.engine.Slot;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sessions a pool remembers, in Caffeine: each expires after an idle period, and the least
 * recently used go first beyond the cap. A forgotten session is closed in its worker, so its
 * namespace does not outlive it there either.
 */
final class PoolSessions implements SessionStore {

    private final Cache<String, Session> sessions;
    private final Consumer<PoolEvent> events;

    PoolSessions(PoolConfig config, Consumer<PoolEvent> events) {
        this.events = events;
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.sessionIdleExpiry())
                .maximumSize(config.maxSessions())
                .removalListener(this::removed)
                .build();
    }

    @Override
    public Session touch(String id) {
        return sessions.get(id, Session::new);
    }

    @Override
    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    @Override
    public void forget(String id) {
        sessions.invalidate(id);
    }

    @Override
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    private void removed(String id, Session session, RemovalCause cause) {
        if (!cause.wasEvicted() || session == null) {
            return;
        }
        events.accept(new PoolEvent.SessionExpired(id));
        Slot home = session.home();
        if (home != null) {
            // Outside any lease and without a deadline: queued behind whatever the worker is doing, it can never time it out.
            home.post(Call.of("session.close").inSession(id));
        }
    }
}
