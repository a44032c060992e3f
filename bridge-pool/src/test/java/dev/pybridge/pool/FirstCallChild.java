package dev.pybridge.pool;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.core.SingleProcessBridge;

import java.nio.file.Path;

/** A JVM that starts a single bridge, prints {@code ANSWER} and what {@code 1 + 1} gave, and closes it. Arguments: the interpreter, the worker cache. */
public final class FirstCallChild {

    private FirstCallChild() {}

    public static void main(String[] args) {
        BridgeConfig config = BridgeConfig.builder().python(PythonEnvironment.of(args[0])).workerCacheDirectory(Path.of(args[1])).build();
        try (SingleProcessBridge bridge = SingleProcessBridge.start(config)) {
            System.out.println("ANSWER " + bridge.eval("1 + 1"));
        }
        catch (RuntimeException e) {
            System.out.println("ANSWER " + e);
        }
        System.out.flush();
    }
}
