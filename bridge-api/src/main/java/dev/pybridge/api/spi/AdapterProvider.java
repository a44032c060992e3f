package dev.pybridge.api.spi;

import dev.pybridge.api.program.Adapter;

import java.util.Map;
import java.util.Set;

/**
 * Makes {@link Adapter}s of one kind, found by {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} through an {@link AdapterCatalog}.
 *
 * <p>A provider is a named factory: being found does nothing, and nothing is started until
 * {@link #create(Map)} is called. An implementation is registered both in its module's
 * {@code module-info.java} ({@code provides dev.pybridge.api.spi.AdapterProvider with ...}) and in
 * {@code META-INF/services/dev.pybridge.api.spi.AdapterProvider}, so that it is found on the module
 * path and on the class path. It needs a public no-argument constructor (or a public static
 * {@code provider()} method on the module path), and should be cheap to make.
 *
 * <p>This interface grows only by default methods, so that existing providers keep working.
 *
 * @since 0.2
 */
public interface AdapterProvider {

    /**
     * The name callers choose this provider by: lowercase words joined by {@code -}, such as
     * {@code python}, {@code python-pool} or {@code mock}. Unique among the providers of a catalog.
     */
    String name();

    /** The property keys {@link #create(Map)} accepts, each with its description and default. */
    Set<AdapterProperty> properties();

    /**
     * Makes an adapter. The catalog has checked the keys already: each is one of
     * {@link #properties()}, and each property with a default that the caller left out is present
     * with its default. The values are the provider's to check; they may be secrets (API keys),
     * so a message about a bad value names its key, never the value.
     *
     * @param properties the settings, by key; unmodifiable
     * @return a new adapter, which the caller closes
     * @throws dev.pybridge.api.error.BridgeException (a {@link dev.pybridge.api.error.BridgeConfigurationException}
     *     for a bad value) if no adapter can be made
     */
    Adapter create(Map<String, String> properties);
}
