package dev.pybridge.pool;

/**
 * How a pool starts its workers.
 *
 * @since 0.3
 */
public enum StartMethod {

    /** Each worker is a new interpreter that imports everything itself: the default without preload modules. */
    SPAWN,

    /**
     * One fork server per pool imports the {@link PoolConfig#preload() preload modules} once and
     * forks every worker from itself: the default with preload modules. Where {@code fork} is not
     * available (not Linux or macOS, a launcher that starts workers elsewhere, or a Python without
     * {@code os.fork}) the pool spawns instead, and logs why once.
     */
    FORK
}
