package dev.pybridge.core.internal;

import java.time.Instant;

/**
 * This JVM's run id, {@code <pid>-<start time in base-36 epoch millis>}: on every worker's command
 * line ({@code --run-id}), so that workers left behind by a JVM that died can be told from this
 * one's. The pid and the start time together name this JVM even after its pid is reused.
 */
public final class RunId {

    private static final String CURRENT = ProcessHandle.current().pid() + "-"
            + Long.toString(ProcessHandle.current().info().startInstant().orElseGet(Instant::now).toEpochMilli(), 36);

    private RunId() {}

    /** This JVM's run id. */
    public static String current() {
        return CURRENT;
    }
}
