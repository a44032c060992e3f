package dev.pybridge.pool;

/**
 * Hears a pool's events, for metrics or logs: attach Micrometer, OpenTelemetry or anything else
 * without the pool depending on it. Called on the pool's own threads, so keep it quick and never
 * block; an exception it throws is logged and ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PoolListener {

    void onEvent(PoolEvent event);
}
