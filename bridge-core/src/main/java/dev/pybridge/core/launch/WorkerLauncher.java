package dev.pybridge.core.launch;

import java.util.List;

/**
 * Starts worker processes. The default, {@link LocalProcessLauncher}, runs them on this machine;
 * another implementation may start them in a container or on another host, as long as it connects
 * the worker's stdin, stdout and stderr to the returned {@link WorkerProcess}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface WorkerLauncher {

    /**
     * Starts one worker. Returns as soon as the process runs; the caller waits for its ready frame.
     *
     * @throws dev.pybridge.api.error.BridgeConfigurationException when the interpreter cannot be
     *     found or used, naming what was tried
     * @throws dev.pybridge.api.error.WorkerStartupException when the process cannot be started
     */
    WorkerProcess launch(LaunchSpec spec);

    /**
     * The hosts this launcher starts workers on, when it knows them in advance (the {@code ssh}
     * launcher's list), for {@code ./pybridge doctor} to check each with {@link #launchOn}; empty
     * when another system places the workers (a Kubernetes scheduler). By default, this machine.
     */
    default List<String> hosts() {
        return List.of("localhost");
    }

    /**
     * Starts one worker on {@code host}, one of {@link #hosts()}, whatever the launcher's own
     * placement would choose. By default, {@link #launch(LaunchSpec)}.
     */
    default WorkerProcess launchOn(String host, LaunchSpec spec) {
        return launch(spec);
    }

    /**
     * Ends the workers of dead runs that this launcher can reach and the local sweep cannot: those
     * on other hosts, or in pods. A bridge calls it once before it starts its workers. Must not
     * throw for a host it cannot reach (log it instead): a sweep is tidying, not a precondition. By
     * default, nothing.
     */
    default void sweepOrphans() {}

    /** Releases what the launcher holds (clients, connections), after the bridge's workers ended. By default, nothing. */
    default void close() {}
}
