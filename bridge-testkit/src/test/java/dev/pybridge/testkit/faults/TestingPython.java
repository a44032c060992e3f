package dev.pybridge.testkit.faults;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The interpreter and settings of the testkit's integration tests: {@code -Dpybridge.python}, else
 * {@code python3}; generous timeouts, so that a test that goes wrong fails instead of hanging while
 * one on a loaded machine still passes; the worker's files unpacked under target/.
 */
public final class TestingPython {

    private TestingPython() {}

    public static BridgeConfig.Builder config() {
        return BridgeConfig.builder()
                .python(PythonEnvironment.of(System.getProperty("pybridge.python", "python3")))
                .startupTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .shutdownGrace(Duration.ofSeconds(2))
                .workerCacheDirectory(Path.of("target", "worker-cache").toAbsolutePath());
    }
}
