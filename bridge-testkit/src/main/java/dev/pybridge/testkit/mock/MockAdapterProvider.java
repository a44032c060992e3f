package dev.pybridge.testkit.mock;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.api.spi.AdapterProvider;

import java.util.Map;
import java.util.Set;

/**
 * The {@code mock} adapter: a {@link MockAdapter}, for a suite that chooses its adapter by name
 * ({@code AdapterCatalog.load().create("mock", Map.of())}) and wants no Python. Its one property,
 * {@code lm.model}, configures an LM at once, as the python providers' property of that name
 * does; any model name will do, since the mock calls no LM.
 *
 * @since 0.2
 */
public final class MockAdapterProvider implements AdapterProvider {

    /** The provider's name. */
    public static final String NAME = "mock";

    private static final String LM_MODEL = "lm.model";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<AdapterProperty> properties() {
        return Set.of(AdapterProperty.of(LM_MODEL, "an LM to configure at once, by its model name; the mock answers by rule "
                + "and calls no LM, so any name will do"));
    }

    @Override
    public MockAdapter create(Map<String, String> properties) {
        MockAdapter.Builder builder = MockAdapter.builder();
        String model = properties.get(LM_MODEL);
        if (model != null) {
            builder.lm(lm(model));
        }
        return builder.build();
    }

    private static LmConfig lm(String model) {
        try {
            return LmConfig.of(model);
        }
        catch (IllegalArgumentException e) {
            throw new BridgeConfigurationException("adapter provider '" + NAME + "': property " + LM_MODEL
                    + " is not a model name: name one, such as openai/gpt-4o-mini", e);
        }
    }
}
