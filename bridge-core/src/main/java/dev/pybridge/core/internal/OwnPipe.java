package dev.pybridge.core.internal;

/**
 * A worker process whose stdout is a pipe that this JVM reads (a child of this JVM), so that the
 * pipe can also be reached through {@code /proc}.
 */
public interface OwnPipe {

    /** The process id. */
    long pid();
}
