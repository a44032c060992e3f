package dev.pybridge.core.event;

/**
 * Hears a {@link dev.pybridge.core.SingleProcessBridge}'s events, for metrics or logs: attach
 * Micrometer, OpenTelemetry or anything else without the bridge depending on it. Called on the
 * bridge's own threads, so keep it quick and never block; an exception it throws is logged and
 * ignored.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface BridgeListener {

    void onEvent(BridgeEvent event);
}
