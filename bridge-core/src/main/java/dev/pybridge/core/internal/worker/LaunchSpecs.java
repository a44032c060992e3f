package dev.pybridge.core.internal.worker;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.core.internal.RunId;
import dev.pybridge.core.launch.LaunchSpec;

import java.util.ArrayList;
import java.util.List;

/** What a launcher is asked to start for one worker of a bridge. */
final class LaunchSpecs {

    private LaunchSpecs() {}

    static LaunchSpec of(BridgeConfig config, String workerId) {
        List<String> arguments = new ArrayList<>(List.of(
                "--worker-id", workerId,
                "--run-id", RunId.current(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid()),
                "--max-frame-bytes", Integer.toString(config.maxFrameBytes()),
                "--threads", Integer.toString(config.workerThreads())));
        config.extensions().forEach(module -> arguments.addAll(List.of("--extension", module)));
        return new LaunchSpec(workerId, config.python(), arguments, config.startupTimeout(), config.workerCacheDirectory());
    }
}
