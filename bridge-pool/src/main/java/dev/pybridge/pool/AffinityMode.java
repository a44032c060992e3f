package dev.pybridge.pool;

/**
 * Where a session's calls go. Either way a session whose worker died is rebuilt on another worker
 * from its recorded state ({@link dev.pybridge.api.CallOption#SESSION_STATE}) before its next call.
 *
 * @since 0.1
 */
public enum AffinityMode {

    /**
     * To the session's worker if it frees up within {@link PoolConfig#preferWait()}, else to any
     * free worker, where the session is rebuilt from its recorded state: lower latency under load,
     * at the cost of replaying the session's state when it moves.
     */
    PREFER,

    /** Always to the session's worker while it lives, waiting for it as long as the deadline allows. */
    STRICT
}
