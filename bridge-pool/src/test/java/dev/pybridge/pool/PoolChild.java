package dev.pybridge.pool;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** A JVM that runs a pool, prints its workers' pids, and waits to be killed; see {@link OrphanIT}. */
public final class PoolChild {

    private PoolChild() {}

    public static void main(String[] args) throws Exception {
        PoolConfig config = PoolConfig.builder()
                .bridge(BridgeConfig.builder().python(PythonEnvironment.of(args[0])).workerCacheDirectory(Path.of(args[1])).build())
                .size(2)
                .build();
        PooledBridge pool = PooledBridge.start(config);
        pool.eval("1");
        String pids = ProcessHandle.current().children().map(child -> Long.toString(child.pid())).collect(Collectors.joining(" "));
        System.out.println("PIDS " + pids);
        System.out.flush();
        System.in.read();
        pool.close();
    }
}
