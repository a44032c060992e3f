package dev.pybridge.pool;

import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.testing.TestingPython;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A JVM that runs a pool of two workers on the ssh test hosts, says READY, and waits to be killed; see {@link SshPoolIT}. */
public final class SshPoolChild {

    private SshPoolChild() {}

    /** The ssh launcher's properties as {@code key=value} arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> properties = Stream.of(args).map(arg -> arg.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        PoolConfig config = PoolConfig.builder().bridge(TestingPython.config().build()).size(2).build();
        PooledBridge pool = new PooledBridge(config, LauncherCatalog.load().create("ssh", properties), Set.of());
        pool.eval("1");
        System.out.println("READY");
        System.out.flush();
        System.in.read();
        pool.close();
    }
}
