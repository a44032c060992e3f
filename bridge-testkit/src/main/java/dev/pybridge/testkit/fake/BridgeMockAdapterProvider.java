package dev.pybridge.testkit.fake;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.pool.PoolConfig;
import dev.pybridge.pool.PooledBridge;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code bridge-mock} adapter: the real {@link PythonAdapter} over a real bridge whose
 * workers are fake ({@link FakeWorkerLauncher}), so that code written against
 * {@link Adapter} runs its programs through the real wire protocol, engine and pool without
 * Python or an LM. Every output is the answering LM's ({@link FakeWorkerLauncher} says how each
 * is made); configure an LM (any model name) before executing, as with real workers.
 *
 * <pre>{@code
 * try (Adapter adapter = AdapterCatalog.load().create("bridge-mock", Map.of("workers", "2"))) {
 *     adapter.configureLm(LmConfig.of("fake/answering"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Properties: {@code workers}, how many fake workers (1, the default, is a
 * {@link SingleProcessBridge}; more a {@link PooledBridge}, which spreads a batch over them), and
 * {@code timeout}, the deadline of each program call (ISO-8601, default {@code PT30S}).
 *
 * @since 0.2
 */
public final class BridgeMockAdapterProvider implements AdapterProvider {

    /** The provider's name. */
    public static final String NAME = "bridge-mock";

    private static final int MAX_WORKERS = 64;

    /** A provider; it starts nothing until {@link #create} is called. */
    public BridgeMockAdapterProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<AdapterProperty> properties() {
        return Set.of(
                AdapterProperty.of("workers", "how many fake workers, 1 to " + MAX_WORKERS + "; more than 1 is a pool", "1"),
                AdapterProperty.of("timeout", "the deadline of each program call, an ISO-8601 duration", "PT30S"));
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        int workers = workers(properties.getOrDefault("workers", "1"));
        Duration timeout = timeout(properties.getOrDefault("timeout", "PT30S"));
        // The interpreter is never run; its name appears in the messages of a worker that fails to start.
        BridgeConfig config = BridgeConfig.builder().python(PythonEnvironment.of(NAME)).callTimeout(timeout).build();
        FakeWorkerLauncher launcher = FakeWorkerLauncher.create();
        PythonBridge bridge = workers == 1 ? new SingleProcessBridge(config, launcher)
                : new PooledBridge(PoolConfig.builder().bridge(config).size(workers).build(), launcher, Set.of());
        return PythonAdapter.builder(bridge).workers(workers).timeout(timeout).closesBridge(true).build();
    }

    private static int workers(String text) {
        try {
            int workers = Integer.parseInt(text.trim());
            if (workers >= 1 && workers <= MAX_WORKERS) {
                return workers;
            }
        }
        catch (NumberFormatException e) {
            // Reported below, as any other bad value.
        }
        throw failure("workers must be an integer from 1 to " + MAX_WORKERS);
    }

    private static Duration timeout(String text) {
        try {
            Duration timeout = Duration.parse(text.trim());
            if (!timeout.isNegative() && !timeout.isZero() && timeout.compareTo(BridgeConfig.MAX_DURATION) <= 0) {
                return timeout;
            }
        }
        catch (DateTimeParseException e) {
            // Reported below, as any other bad value.
        }
        throw failure("timeout must be a positive ISO-8601 duration such as PT30S");
    }

    // The value is not quoted: the SPI keeps property values out of messages, since some are secrets.
    private static BridgeConfigurationException failure(String message) {
        return new BridgeConfigurationException("adapter provider '" + NAME + "': " + message);
    }
}
