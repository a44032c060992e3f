package dev.pybridge.pool;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;
import dev.pybridge.core.internal.adapter.AdapterProperties;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code python-pool} adapter: DSPy programs in a pool of supervised Python workers of its
 * own, a batch spread over all of them. It takes the {@code python} adapter's properties, and
 * {@code workers}, {@code max-queued}, {@code preload} and {@code start-method}.
 *
 * @since 0.2
 */
public final class PooledAdapterProvider implements AdapterProvider {

    /** The provider's name. */
    public static final String NAME = "python-pool";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<AdapterProperty> properties() {
        PoolConfig defaults = PoolConfig.builder().build();
        return AdapterProperties.describe(
                AdapterProperty.of("workers", "how many workers the pool runs, 1 to 1024; left out: the number of processors"),
                AdapterProperty.of("max-queued", "how many calls may wait for a worker, 0 to 10000000",
                        String.valueOf(defaults.maxQueued())),
                AdapterProperty.of("preload", "modules every worker imports before it serves, comma-separated (numpy, scipy.stats); "
                        + "imported once by a fork server that forks the workers, unless start-method is spawn"),
                AdapterProperty.of("start-method", "spawn or fork; left out: fork with preload modules, else spawn"));
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        AdapterProperties settings = AdapterProperties.of(NAME, properties);
        PoolConfig defaults = PoolConfig.builder().build();
        PoolConfig.Builder builder = PoolConfig.builder()
                .bridge(settings.bridge())
                .size(settings.integer("workers", 1, 1024, defaults.size()))
                .maxQueued(settings.integer("max-queued", 0, 10_000_000, defaults.maxQueued()));
        PoolConfig config = startMethod(properties).map(builder::startMethod).orElse(builder).preload(preload(properties)).build();
        return settings.adapterOver(PooledBridge.start(config), config.size());
    }

    private static List<String> preload(Map<String, String> properties) {
        List<String> modules = Optional.ofNullable(properties.get("preload")).stream()
                .flatMap(text -> Arrays.stream(text.split(","))).map(String::trim).filter(name -> !name.isEmpty()).toList();
        try {
            PoolConfig.builder().preload(modules).build();
        }
        catch (IllegalArgumentException e) {
            throw new BridgeConfigurationException("adapter provider '" + NAME + "': property preload: " + e.getMessage());
        }
        return modules;
    }

    private static Optional<StartMethod> startMethod(Map<String, String> properties) {
        return Optional.ofNullable(properties.get("start-method")).map(String::trim).filter(text -> !text.isEmpty()).map(text -> {
            try {
                return StartMethod.valueOf(text.toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw new BridgeConfigurationException("adapter provider '" + NAME + "': property start-method must be spawn or fork");
            }
        });
    }
}
