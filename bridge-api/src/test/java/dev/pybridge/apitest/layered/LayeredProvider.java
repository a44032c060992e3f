package dev.pybridge.apitest.layered;

import dev.pybridge.api.program.Adapter;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;

import java.util.Map;
import java.util.Set;

/**
 * A provider that ModulePathDiscoveryTest defines in a module of its own, in a layer of its own,
 * as a provider in another artifact's module would be. It uses only the API's exported packages.
 */
public final class LayeredProvider implements AdapterProvider {

    @Override
    public String name() {
        return "layered-test";
    }

    @Override
    public Set<AdapterProperty> properties() {
        return Set.of();
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        throw new UnsupportedOperationException("only found, never created");
    }
}
