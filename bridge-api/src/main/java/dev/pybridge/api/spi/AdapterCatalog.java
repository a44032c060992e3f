package dev.pybridge.api.spi;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.internal.ProviderSettings;
import dev.pybridge.api.internal.Spelling;
import dev.pybridge.api.program.Adapter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The adapter providers at hand, by name: finds them, chooses one by name, checks the properties
 * given to it, and makes the adapter.
 *
 * <pre>{@code
 * try (Adapter adapter = AdapterCatalog.load().create("python-pool", Map.of("pool.size", "4"))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Nothing is chosen behind the caller's back: the caller names the provider, and a name that
 * two providers claim is an error when the catalog is built. Every failure is a
 * {@link BridgeConfigurationException} whose message names what was wrong and what is known.
 * Property values never appear in a message, since they may be secrets such as API keys.
 *
 * <p>A catalog is immutable and safe to share between threads.
 *
 * @since 0.2
 */
public final class AdapterCatalog {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** Which artifact brings each of PyBridge's own providers, for the message about a missing one. */
    private static final String ARTIFACTS = "python with bridge-core, python-pool with bridge-pool, "
            + "mock and bridge-mock with bridge-testkit";
    private static final Map<String, String> ARTIFACT_BY_NAME = Map.of("python", "bridge-core",
            "python-pool", "bridge-pool", "mock", "bridge-testkit", "bridge-mock", "bridge-testkit");

    private final SortedMap<String, ProviderEntry> providers;

    private AdapterCatalog(SortedMap<String, ProviderEntry> providers) {
        this.providers = providers;
    }

    /**
     * The providers that {@link ServiceLoader} finds through the current thread's context class
     * loader: in named modules that declare {@code provides dev.pybridge.api.spi.AdapterProvider},
     * and in {@code META-INF/services/dev.pybridge.api.spi.AdapterProvider} on the class path.
     *
     * @throws BridgeConfigurationException if a provider cannot be loaded, misdescribes itself,
     *     or shares its name with another
     */
    public static AdapterCatalog load() {
        return from(ServiceLoader.load(AdapterProvider.class));
    }

    /**
     * The providers that {@link ServiceLoader} finds through {@code loader} (the system class loader
     * if it is {@code null}).
     *
     * @throws BridgeConfigurationException as {@link #load()}
     */
    public static AdapterCatalog load(ClassLoader loader) {
        return from(ServiceLoader.load(AdapterProvider.class, loader));
    }

    /**
     * A catalog of the given providers, such as a test's own.
     *
     * @throws BridgeConfigurationException if a provider misdescribes itself or shares its name
     *     with another
     */
    public static AdapterCatalog of(List<? extends AdapterProvider> providers) {
        requireNonNull(providers, "providers is null");
        SortedMap<String, ProviderEntry> byName = new TreeMap<>();
        for (AdapterProvider provider : providers) {
            ProviderEntry entry = ProviderEntry.of(requireNonNull(provider, "providers holds null"));
            ProviderEntry other = byName.putIfAbsent(entry.name(), entry);
            if (other != null) {
                throw new BridgeConfigurationException("two adapter providers are named '" + entry.name() + "': "
                        + other.className() + " and " + entry.className()
                        + "; keep only one of them on the class or module path");
            }
        }
        return new AdapterCatalog(Collections.unmodifiableSortedMap(byName));
    }

    private static AdapterCatalog from(ServiceLoader<AdapterProvider> loader) {
        List<AdapterProvider> found = new ArrayList<>();
        Iterator<AdapterProvider> providers = loader.iterator();
        try {
            while (providers.hasNext()) {
                found.add(providers.next());
            }
        } catch (ServiceConfigurationError e) {
            throw new BridgeConfigurationException("an adapter provider could not be loaded: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** The names of the providers, in order. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(providers.keySet()));
    }

    /**
     * The provider named {@code name}.
     *
     * @throws BridgeConfigurationException if there is none; the message lists the names there are
     */
    public AdapterProvider provider(String name) {
        return entry(name).provider();
    }

    /**
     * Makes an adapter with the provider named {@code name}. Each key of {@code properties} must be
     * one of the provider's {@link AdapterProvider#properties()}; the provider receives them with
     * the defaults of the properties left out added.
     *
     * @throws BridgeConfigurationException if there is no such provider, a key is unknown (the
     *     message suggests the nearest known key), or the provider fails with an unchecked
     *     exception that is not a {@link BridgeException} (the cause)
     * @throws BridgeException what the provider throws
     */
    public Adapter create(String name, Map<String, String> properties) {
        ProviderEntry entry = entry(name);
        Map<String, String> settings = entry.settings(requireNonNull(properties, "properties is null"));
        Adapter adapter;
        try {
            adapter = entry.provider().create(settings);
        } catch (BridgeException e) {
            throw e;
        } catch (RuntimeException e) {
            // The cause's message stays in the cause: it may quote a property value, such as a key.
            throw new BridgeConfigurationException("adapter provider '" + name + "' (" + entry.className()
                    + ") failed to create an adapter with " + e.getClass().getName() + "; see the cause", e);
        }
        if (adapter == null) {
            throw new BridgeConfigurationException("adapter provider '" + name + "' (" + entry.className()
                    + ") returned no adapter");
        }
        return adapter;
    }

    private ProviderEntry entry(String name) {
        requireNonNull(name, "name is null");
        ProviderEntry entry = providers.get(name);
        if (entry == null) {
            throw new BridgeConfigurationException(unknownName(name));
        }
        return entry;
    }

    private String unknownName(String name) {
        StringBuilder message = new StringBuilder("no adapter provider is named '").append(name).append("'");
        if (providers.isEmpty()) {
            message.append(", and none is installed.");
        } else {
            message.append(" (installed: ").append(String.join(", ", providers.keySet())).append(')');
            message.append(Spelling.nearest(name, providers.keySet()).map(near -> "; did you mean '" + near + "'?").orElse("."));
        }
        String artifact = ARTIFACT_BY_NAME.get(name);
        return message.append(artifact == null
                ? " PyBridge's own providers come with its artifacts: " + ARTIFACTS
                : " It comes with " + artifact + ": add that artifact to the class or module path").toString();
    }

    @Override
    public String toString() {
        return "AdapterCatalog" + providers.keySet();
    }

    /** A provider with what it said about itself when the catalog was built, checked once. */
    private record ProviderEntry(AdapterProvider provider, String name, Map<String, AdapterProperty> properties) {

        static ProviderEntry of(AdapterProvider provider) {
            String className = provider.getClass().getName();
            String name = provider.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new BridgeConfigurationException("adapter provider " + className + " has the name "
                        + (name == null ? "null" : "'" + name + "'")
                        + "; a name is lowercase words of letters and digits joined by '-', such as 'python-pool'");
            }
            return new ProviderEntry(provider, name, propertiesByKey(provider, name));
        }

        private static Map<String, AdapterProperty> propertiesByKey(AdapterProvider provider, String name) {
            Iterable<AdapterProperty> declared = provider.properties();
            if (declared == null) {
                throw new BridgeConfigurationException("adapter provider '" + name + "' (" + provider.getClass().getName()
                        + ") returned null from properties(); return an empty set if it takes none");
            }
            SortedMap<String, AdapterProperty> byKey = new TreeMap<>();
            for (AdapterProperty property : declared) {
                if (property == null || byKey.putIfAbsent(property.key(), property) != null) {
                    throw new BridgeConfigurationException("adapter provider '" + name + "' (" + provider.getClass().getName()
                            + ") declares " + (property == null ? "a null property" : "the property '" + property.key() + "' twice"));
                }
            }
            return Collections.unmodifiableSortedMap(byKey);
        }

        String className() {
            return provider.getClass().getName();
        }

        /** The caller's properties with the defaults added, after checking every key is known. */
        Map<String, String> settings(Map<String, String> given) {
            SortedMap<String, Optional<String>> defaults = new TreeMap<>();
            properties.forEach((key, property) -> defaults.put(key, property.defaultValue()));
            return ProviderSettings.of("adapter provider", name, defaults, given);
        }
    }
}
