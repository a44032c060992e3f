package dev.pybridge.core.launch;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.internal.ProviderSettings;
import dev.pybridge.api.internal.Spelling;

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
 * The worker launchers at hand, by name: finds them, chooses one by name, checks the properties
 * given to it, and makes the launcher.
 *
 * <pre>{@code
 * WorkerLauncher launcher = LauncherCatalog.load().create("ssh",
 *         Map.of("hosts", "gpu1,gpu2", "identity", "/etc/pybridge/id_ed25519"));
 * }</pre>
 *
 * <p>Every failure is a {@link BridgeConfigurationException} whose message names what was wrong and
 * what is known: an unknown name lists the installed launchers, an unknown key suggests the
 * nearest known one. Property values never appear in a message. A catalog is immutable and safe to
 * share between threads.
 *
 * @since 0.3
 */
public final class LauncherCatalog {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Map<String, String> ARTIFACT_BY_NAME = Map.of("local", "bridge-core", "ssh", "bridge-core",
            "kubernetes", "bridge-kubernetes");

    private final SortedMap<String, Entry> launchers;

    private LauncherCatalog(SortedMap<String, Entry> launchers) {
        this.launchers = launchers;
    }

    /**
     * The providers that {@link ServiceLoader} finds through the current thread's context class loader.
     *
     * @throws BridgeConfigurationException if a provider cannot be loaded, misdescribes itself, or
     *     shares its name with another
     */
    public static LauncherCatalog load() {
        return from(ServiceLoader.load(LauncherProvider.class));
    }

    /**
     * A catalog of the given providers, such as a test's own.
     *
     * @throws BridgeConfigurationException if a provider misdescribes itself or shares its name with another
     */
    public static LauncherCatalog of(List<? extends LauncherProvider> providers) {
        requireNonNull(providers, "providers is null");
        SortedMap<String, Entry> byName = new TreeMap<>();
        for (LauncherProvider provider : providers) {
            Entry entry = Entry.of(requireNonNull(provider, "providers holds null"));
            Entry other = byName.putIfAbsent(entry.name(), entry);
            if (other != null) {
                throw new BridgeConfigurationException("two launchers are named '" + entry.name() + "': "
                        + other.className() + " and " + entry.className() + "; keep only one of them on the class or module path");
            }
        }
        return new LauncherCatalog(Collections.unmodifiableSortedMap(byName));
    }

    private static LauncherCatalog from(ServiceLoader<LauncherProvider> loader) {
        List<LauncherProvider> found = new ArrayList<>();
        Iterator<LauncherProvider> providers = loader.iterator();
        try {
            while (providers.hasNext()) {
                found.add(providers.next());
            }
        } catch (ServiceConfigurationError e) {
            throw new BridgeConfigurationException("a launcher provider could not be loaded: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** The names of the launchers, in order. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(launchers.keySet()));
    }

    /**
     * The provider named {@code name}.
     *
     * @throws BridgeConfigurationException if there is none; the message lists the names there are
     */
    public LauncherProvider provider(String name) {
        return entry(name).provider();
    }

    /**
     * Makes a launcher with the provider named {@code name}, after checking each key of
     * {@code properties} is one it declares; it receives them with the defaults of those left out.
     *
     * @throws BridgeConfigurationException if there is no such launcher, a key is unknown, or the
     *     provider fails with an unchecked exception that is not a {@link BridgeException}
     */
    public WorkerLauncher create(String name, Map<String, String> properties) {
        Entry entry = entry(name);
        Map<String, String> settings = ProviderSettings.of("launcher", entry.name(), entry.defaults(), properties);
        WorkerLauncher launcher;
        try {
            launcher = entry.provider().create(settings);
        } catch (BridgeException e) {
            throw e;
        } catch (RuntimeException e) {
            // The cause's message stays in the cause: it may quote a property value.
            throw new BridgeConfigurationException("launcher '" + name + "' (" + entry.className() + ") failed to create a launcher with "
                    + e.getClass().getName() + "; see the cause", e);
        }
        if (launcher == null) {
            throw new BridgeConfigurationException("launcher '" + name + "' (" + entry.className() + ") returned no launcher");
        }
        return launcher;
    }

    private Entry entry(String name) {
        requireNonNull(name, "name is null");
        Entry entry = launchers.get(name);
        if (entry == null) {
            StringBuilder message = new StringBuilder("no launcher is named '").append(name).append("'");
            message.append(launchers.isEmpty() ? ", and none is installed." : " (installed: " + String.join(", ", launchers.keySet()) + ")"
                    + Spelling.nearest(name, launchers.keySet()).map(near -> "; did you mean '" + near + "'?").orElse("."));
            String artifact = ARTIFACT_BY_NAME.get(name);
            message.append(artifact == null ? " PyBridge's own launchers are local and ssh (bridge-core) and kubernetes (bridge-kubernetes)"
                    : " It comes with " + artifact + ": add that artifact to the class or module path");
            throw new BridgeConfigurationException(message.toString());
        }
        return entry;
    }

    @Override
    public String toString() {
        return "LauncherCatalog" + launchers.keySet();
    }

    /** A provider with what it said about itself when the catalog was built, checked once. */
    private record Entry(LauncherProvider provider, String name, SortedMap<String, Optional<String>> defaults) {

        static Entry of(LauncherProvider provider) {
            String className = provider.getClass().getName();
            String name = provider.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new BridgeConfigurationException("launcher provider " + className + " has the name "
                        + (name == null ? "null" : "'" + name + "'")
                        + "; a name is lowercase words of letters and digits joined by '-', such as 'kubernetes'");
            }
            if (provider.properties() == null) {
                throw new BridgeConfigurationException("launcher '" + name + "' (" + className
                        + ") returned null from properties(); return an empty set if it takes none");
            }
            SortedMap<String, Optional<String>> defaults = new TreeMap<>();
            for (LauncherProperty property : provider.properties()) {
                if (property == null || defaults.putIfAbsent(property.key(), property.defaultValue()) != null) {
                    throw new BridgeConfigurationException("launcher '" + name + "' (" + className + ") declares "
                            + (property == null ? "a null property" : "the property '" + property.key() + "' twice"));
                }
            }
            return new Entry(provider, name, Collections.unmodifiableSortedMap(defaults));
        }

        String className() {
            return provider.getClass().getName();
        }
    }
}
