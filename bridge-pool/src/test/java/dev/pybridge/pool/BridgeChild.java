package dev.pybridge.pool;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A JVM that starts a bridge of one topology, runs code in it, prints the pids the code returns
 * ({@code PIDS ...}), and waits to be killed; see {@link ProcessTreeIT}. Arguments: the
 * interpreter, the worker cache, the topology, the code.
 */
public final class BridgeChild {

    private BridgeChild() {}

    public static void main(String[] args) throws Exception {
        BridgeConfig config = BridgeConfig.builder().python(PythonEnvironment.of(args[0])).workerCacheDirectory(Path.of(args[1])).build();
        try (PythonBridge bridge = Topology.valueOf(args[2]).start(config)) {
            List<?> pids = (List<?>) bridge.exec(args[3]);
            System.out.println("PIDS " + pids.stream().map(String::valueOf).collect(Collectors.joining(" ")));
            System.out.flush();
            System.in.read();
        }
    }
}
