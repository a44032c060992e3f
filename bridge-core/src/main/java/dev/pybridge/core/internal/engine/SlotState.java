package dev.pybridge.core.internal.engine;

/** Where a slot's worker is in its life. */
public enum SlotState {
    /** Launching, waiting for its ready frame, or catching up with the state every worker must have. */
    STARTING,
    /** Taking calls. */
    READY,
    /** Taking no new calls: finishing those it has, then stopping. */
    DRAINING
}
