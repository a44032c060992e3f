package dev.pybridge.core.launch;

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
}
