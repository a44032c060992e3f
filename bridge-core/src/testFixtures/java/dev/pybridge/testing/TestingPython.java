package dev.pybridge.testing;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The interpreter and settings the integration tests of core, pool and the script engine use:
 * {@code -Dpybridge.python}, else {@code python3}; generous timeouts, so that a test that goes
 * wrong fails instead of hanging while one on a loaded machine still passes; a cache in target/.
 */
public final class TestingPython {

    private TestingPython() {}

    public static PythonEnvironment environment() {
        return PythonEnvironment.of(System.getProperty("pybridge.python", "python3"));
    }

    public static BridgeConfig.Builder config() {
        return BridgeConfig.builder()
                .python(environment())
                .startupTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .shutdownGrace(Duration.ofSeconds(2))
                .workerCacheDirectory(Path.of("target", "worker-cache").toAbsolutePath());
    }
}
