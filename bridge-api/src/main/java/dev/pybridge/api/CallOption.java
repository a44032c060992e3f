package dev.pybridge.api;

/**
 * What a caller tells a bridge about a call, beyond its command and arguments.
 *
 * @since 0.1
 */
public enum CallOption {

    /**
     * Running the call twice does no harm: when its worker dies while it is in flight, the bridge
     * may send it once more, to another worker, instead of failing it.
     */
    IDEMPOTENT,

    /**
     * The call defines state of its session (a function, a class, a loaded program). The bridge
     * records it and replays it, in order, when the session has to move to a new worker because
     * its worker died; nothing the caller defined is lost. Requires a session.
     */
    SESSION_STATE,

    /**
     * The call sets state that every worker must have (an LM configuration, a warm-up import): it
     * runs on every worker now, and on every worker started later. The result is the first
     * worker's.
     */
    ALL_WORKERS
}
