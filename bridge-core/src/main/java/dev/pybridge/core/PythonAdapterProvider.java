package dev.pybridge.core;

import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;
import dev.pybridge.core.internal.adapter.AdapterProperties;

import java.util.Map;
import java.util.Set;

/**
 * The {@code python} adapter: DSPy programs in one supervised Python worker of its own. Its
 * properties are listed by {@link #properties()} (the worker's Python, the call deadline, an LM
 * to configure at once).
 *
 * @since 0.2
 */
public final class PythonAdapterProvider implements AdapterProvider {

    /** The provider's name. */
    public static final String NAME = "python";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<AdapterProperty> properties() {
        return AdapterProperties.describe();
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        AdapterProperties settings = AdapterProperties.of(NAME, properties);
        return settings.adapterOver(SingleProcessBridge.start(settings.bridge()), 1);
    }
}
