package dev.pybridge.pool;

import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;
import dev.pybridge.core.internal.adapter.AdapterProperties;

import java.util.Map;
import java.util.Set;

/**
 * The {@code python-pool} adapter: DSPy programs in a pool of supervised Python workers of its
 * own, a batch spread over all of them. It takes the {@code python} adapter's properties, and
 * {@code workers} and {@code max-queued}.
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
                        String.valueOf(defaults.maxQueued())));
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        AdapterProperties settings = AdapterProperties.of(NAME, properties);
        PoolConfig defaults = PoolConfig.builder().build();
        PoolConfig config = PoolConfig.builder()
                .bridge(settings.bridge())
                .size(settings.integer("workers", 1, 1024, defaults.size()))
                .maxQueued(settings.integer("max-queued", 0, 10_000_000, defaults.maxQueued()))
                .build();
        return settings.adapterOver(PooledBridge.start(config), config.size());
    }
}
