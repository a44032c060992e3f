package dev.pybridge.api.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeConfigTest {

    @Test
    void defaultsAreUsable() {
        BridgeConfig config = BridgeConfig.defaults();
        assertEquals("python3", config.python().executable());
        assertEquals(Duration.ofSeconds(30), config.callTimeout());
        assertEquals(64 << 20, config.maxFrameBytes());
        assertEquals(1, config.workerThreads());
        assertTrue(config.eagerStart());
        assertEquals(Optional.empty(), config.workerCacheDirectory());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        BridgeConfig config = BridgeConfig.builder()
                .python("/opt/python")
                .startupTimeout(Duration.ofSeconds(3))
                .callTimeout(Duration.ofMillis(250))
                .maxFrameBytes(1 << 20)
                .workerThreads(4)
                .restartPolicy(new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 2, Duration.ofSeconds(1)))
                .shutdownGrace(Duration.ofMillis(500))
                .eagerStart(false)
                .workerCacheDirectory(Path.of("/tmp/cache"))
                .extensions("mypackage.commands", "other")
                .build();
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void badSettingsAreNamed() {
        assertMessage("callTimeout must be positive: PT0S", () -> BridgeConfig.builder().callTimeout(Duration.ZERO).build());
        assertMessage("maxFrameBytes must be between 4096 and 1073741824: 10", () -> BridgeConfig.builder().maxFrameBytes(10).build());
        assertMessage("workerThreads must be between 1 and 1024: 0", () -> BridgeConfig.builder().workerThreads(0).build());
        assertMessage("startupTimeout is null", () -> BridgeConfig.builder().startupTimeout(null).build());
        assertMessage("extensions must hold Python module names such as \"mypackage.commands\": my-package",
                () -> BridgeConfig.builder().extensions("my-package").build());
        assertMessage("extensions must hold Python module names such as \"mypackage.commands\": a..b",
                () -> BridgeConfig.builder().extensions("a..b").build());
    }

    @Test
    void durationsTheClockCannotCountAreRefusedWhenBuilt() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        String limit = " must be at most 36500 days (about 100 years), the longest span the bridge's clock can count: " + forever;
        assertMessage("startupTimeout" + limit, () -> BridgeConfig.builder().startupTimeout(forever).build());
        assertMessage("callTimeout" + limit, () -> BridgeConfig.builder().callTimeout(forever).build());
        assertMessage("shutdownGrace" + limit, () -> BridgeConfig.builder().shutdownGrace(forever).build());
        assertMessage("window" + limit, () -> RestartPolicy.defaults().withWindow(forever));
        assertMessage("stableAfter" + limit, () -> RestartPolicy.defaults().withStableAfter(forever));
        assertEquals(BridgeConfig.MAX_DURATION, BridgeConfig.builder().callTimeout(BridgeConfig.MAX_DURATION).build().callTimeout());
    }

    @Test
    void theShortRestartPolicyConstructorKeepsTheDefaultsOfTheRest() {
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 2, Duration.ofSeconds(1));
        assertEquals(RestartPolicy.DEFAULT_STABLE_AFTER, policy.stableAfter());
        assertEquals(RestartPolicy.DEFAULT_PROBE_INTERVAL, policy.probeInterval());
        assertEquals(7, policy.withMaxRestarts(7).maxRestarts());
        assertEquals(Duration.ZERO, policy.withStableAfter(Duration.ZERO).stableAfter());
        assertMessage("probeInterval must be positive: PT0S", () -> policy.withProbeInterval(Duration.ZERO));
    }

    @Test
    void restartBackoffDoublesUpToItsLimit() {
        RestartPolicy policy = new RestartPolicy(Duration.ofMillis(100), Duration.ofMillis(500), 3, Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(100), policy.backoff(1));
        assertEquals(Duration.ofMillis(200), policy.backoff(2));
        assertEquals(Duration.ofMillis(400), policy.backoff(3));
        assertEquals(Duration.ofMillis(500), policy.backoff(4));
        assertEquals(Duration.ofMillis(500), policy.backoff(1000));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), -1, Duration.ofMinutes(1)));
    }

    @Test
    void environmentDetectionPrefersTheExplicitVariable() {
        assertEquals("/x/python", PythonEnvironment.detect(Map.of("PYBRIDGE_PYTHON", "/x/python", "VIRTUAL_ENV", "/venv")).executable());
        PythonEnvironment venv = PythonEnvironment.detect(Map.of("VIRTUAL_ENV", "/venv"));
        assertEquals(Path.of("/venv", "bin", "python").toString(), venv.executable());
        assertEquals("/venv", venv.environment().get("VIRTUAL_ENV"));
        assertEquals("python3", PythonEnvironment.detect(Map.of()).executable());
    }

    @Test
    void environmentValuesNeverShowInText() {
        PythonEnvironment python = PythonEnvironment.of("python3").withVariable("OPENAI_API_KEY", "sk-secret-123");
        assertFalse(python.toString().contains("sk-secret-123"), python.toString());
        assertTrue(python.toString().contains("OPENAI_API_KEY"), python.toString());
        assertFalse(BridgeConfig.builder().python(python).build().toString().contains("sk-secret-123"));
    }

    @Test
    void environmentRejectsBadVariables() {
        assertMessage("invalid environment variable name: \"A=B\" (it must be non-empty, without '=' or NUL)",
                () -> PythonEnvironment.of("python3").withVariable("A=B", "x"));
        assertThrows(IllegalArgumentException.class, () -> PythonEnvironment.of(" "));
        assertThrows(IllegalArgumentException.class, () -> PythonEnvironment.of("python3").withVariable("A", "x\0y"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        RuntimeException error = assertThrows(RuntimeException.class, action);
        assertEquals(expected, error.getMessage());
    }
}
