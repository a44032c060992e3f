package dev.pybridge.cli;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.status.WorkerStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ./pybridge doctor --launcher ...} finds on each host of a launcher: whether a worker
 * starts there (which takes the host being reachable and its Python being usable), which Python it
 * runs, and how long the start took. A launcher whose workers a scheduler places (Kubernetes) is
 * checked with one worker, wherever it lands.
 */
final class HostChecks {

    private HostChecks() {}

    /** One host's result: the worker's ready frame, or why it did not start. */
    record HostCheck(String host, Optional<WorkerStatus> worker, long startMillis, Optional<String> failure) {

        boolean ok() {
            return failure.isEmpty();
        }
    }

    static List<HostCheck> run(BridgeConfig config, WorkerLauncher launcher) {
        List<HostCheck> checks = new ArrayList<>();
        List<String> hosts = launcher.hosts();
        if (hosts.isEmpty()) {
            checks.add(check(config, launcher, Optional.empty()));
        }
        for (String host : hosts) {
            checks.add(check(config, launcher, Optional.of(host)));
        }
        return checks;
    }

    private static HostCheck check(BridgeConfig config, WorkerLauncher launcher, Optional<String> host) {
        WorkerLauncher there = host.<WorkerLauncher>map(name -> spec -> launcher.launchOn(name, spec)).orElse(launcher);
        long started = System.nanoTime();
        try (SingleProcessBridge bridge = new SingleProcessBridge(config.toBuilder().eagerStart(true)
                .restartPolicy(config.restartPolicy().withMaxRestarts(0)).build(), there)) {
            long millis = (System.nanoTime() - started) / 1_000_000;
            Optional<WorkerStatus> worker = bridge.status().worker();
            return new HostCheck(worker.map(WorkerStatus::host).orElse(host.orElse("?")), worker, millis, Optional.empty());
        }
        catch (BridgeException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            return new HostCheck(host.orElse("(scheduled)"), Optional.empty(), -1, Optional.of(first));
        }
    }
}
