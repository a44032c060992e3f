package dev.pybridge.pool;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JVM that runs a pool of two workers forked by a fork server, sets each on a call that never
 * lets go of the GIL (so that neither can notice anything), prints the server's pid and then the
 * workers' ({@code PIDS ...}), and waits to be killed; see {@link ForkServerOrphanIT}.
 */
public final class ForkedPoolChild {

    private ForkedPoolChild() {}

    public static void main(String[] args) throws Exception {
        PoolConfig config = PoolConfig.builder()
                .bridge(BridgeConfig.builder().python(PythonEnvironment.of(args[0])).workerCacheDirectory(Path.of(args[1])).build())
                .size(2)
                .preload("json")
                .build();
        try (PooledBridge pool = PooledBridge.start(config)) {
            pool.eval("1");
            ProcessHandle server = ProcessHandle.current().children().filter(ProcessHandle::isAlive).findFirst().orElseThrow();
            String pids = Stream.concat(Stream.of(server), server.children()).map(process -> Long.toString(process.pid()))
                    .collect(Collectors.joining(" "));
            // The regular expression engine backtracks for ever without releasing the GIL: the workers' watches cannot run.
            for (int i = 0; i < 2; i++) {
                pool.submit(Call.eval("__import__('re').match('(a+)+$', 'a' * 64 + 'b')").withTimeout(Duration.ofHours(1)));
            }
            System.out.println("PIDS " + pids);
            System.out.flush();
            System.in.read();
        }
    }
}
