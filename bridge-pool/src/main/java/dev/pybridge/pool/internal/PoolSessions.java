package dev.pybridge.pool.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import dev.pybridge.api.Call;
import dev.pybridge.core.worker.Worker;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PoolEvent;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sessions a pool remembers, in Caffeine: each expires after an idle period, and the least
 * recently used go first beyond the cap. A forgotten session is closed in its worker, so its
 * namespace does not outlive it there either.
 */
public final class PoolSessions {

    private final Cache<String, PoolSession> sessions;
    private final PoolEvents events;

    public PoolSessions(PoolConfig config, PoolEvents events, Executor executor, ScheduledExecutorService scheduler) {
        this.events = events;
        this.sessions = Caffeine.newBuilder()
                .expireAfterAccess(config.sessionIdleExpiry())
                .maximumSize(config.maxSessions())
                .executor(executor)
                .scheduler(Scheduler.forScheduledExecutorService(scheduler))
                .removalListener(this::removed)
                .build();
    }

    /** The session with this id, remembered from now on if it was not. */
    public PoolSession touch(String id) {
        return sessions.get(id, PoolSession::new);
    }

    public Optional<PoolSession> find(String id) {
        return Optional.ofNullable(sessions.getIfPresent(id));
    }

    /** Notes that {@code slot}'s worker now holds the session. */
    public void place(PoolSession session, Slot slot) {
        session.home = slot;
    }

    /** Forgets a session its caller closed. */
    public void forget(String id) {
        sessions.invalidate(id);
    }

    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    private void removed(String id, PoolSession session, RemovalCause cause) {
        if (!cause.wasEvicted() || session == null) {
            return;
        }
        events.publish(new PoolEvent.SessionExpired(id));
        Slot home = session.home;
        Worker worker = home == null ? null : home.worker();
        if (worker != null && worker.isAlive()) {
            // Outside any lease and without a deadline: queued behind whatever the worker is doing, it can never time it out.
            worker.post(Call.of("session.close").inSession(id));
        }
    }
}
