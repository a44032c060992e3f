package dev.pybridge.core;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;

import java.nio.file.Path;
import java.time.Duration;

/** The interpreter and settings the integration tests use: {@code -Dpybridge.python}, else {@code python3}. */
public final class TestingPython {

    private TestingPython() {}

    public static PythonEnvironment environment() {
        return PythonEnvironment.of(System.getProperty("pybridge.python", "python3"));
    }

    /** Short timeouts, so a test that goes wrong fails fast instead of hanging, and a cache inside target/. */
    public static BridgeConfig.Builder config() {
        return BridgeConfig.builder()
                .python(environment())
                .startupTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(30))
                .shutdownGrace(Duration.ofSeconds(2))
                .workerCacheDirectory(Path.of("target", "worker-cache").toAbsolutePath());
    }
}
