package dev.pybridge.api.spi;

import dev.pybridge.api.program.Adapter;

import java.util.Map;
import java.util.Set;

/** Registered in this module's test META-INF/services, for the class-path discovery test. */
public final class TestingClassPathProvider implements AdapterProvider {

    @Override
    public String name() {
        return "class-path-test";
    }

    @Override
    public Set<AdapterProperty> properties() {
        return Set.of(AdapterProperty.of("greeting", "what the adapter says", "hello"));
    }

    @Override
    public Adapter create(Map<String, String> properties) {
        return TestingProvider.stubAdapter();
    }
}
