package dev.pybridge.core.internal.engine;

/** Where a slot's worker is in its life. */
public enum SlotState {
    /** Launching, waiting for its ready frame, or running the all-workers calls before it serves. */
    STARTING,
    /** Taking calls. */
    READY,
    /** Taking no new calls: finishing those it has, then stopping. */
    DRAINING
}
