package dev.pybridge.cli.bench;

import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;

import java.util.Locale;

/**
 * A fresh JVM's first call, for the bench's {@code first_call} figure: starts a single bridge with
 * the interpreter it is given (the default configuration otherwise), echoes one value, and prints
 * the reply with how long each phase took since {@code main} began: until the launcher was asked
 * for a worker, until its process had started, until the reply.
 */
public final class FirstCallChild {

    private FirstCallChild() {}

    public static void main(String[] args) {
        long main = System.nanoTime();
        long[] launch = new long[2];
        LocalProcessLauncher local = new LocalProcessLauncher();
        WorkerLauncher timed = spec -> {
            launch[0] = System.nanoTime();
            WorkerProcess process = local.launch(spec);
            launch[1] = System.nanoTime();
            return process;
        };
        BridgeConfig config = BridgeConfig.builder().python(PythonEnvironment.of(args[0])).build();
        try (SingleProcessBridge bridge = new SingleProcessBridge(config, timed)) {
            Object reply = bridge.call(Call.echo("hello"));
            long replied = System.nanoTime();
            System.out.printf(Locale.ROOT, "REPLY %s to_launcher_ms=%.1f to_process_ms=%.1f to_reply_ms=%.1f%n", reply,
                    millis(launch[0] - main), millis(launch[1] - main), millis(replied - main));
            System.out.flush();
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
