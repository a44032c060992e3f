package dev.pybridge.core.launch;

import java.util.Map;
import java.util.Set;

/**
 * Makes {@link WorkerLauncher}s of one kind, found by {@link java.util.ServiceLoader} and chosen by
 * {@link #name()} through a {@link LauncherCatalog}: {@code local} (this machine, in bridge-core),
 * {@code ssh} (other hosts through OpenSSH, in bridge-core) and {@code kubernetes} (one pod per
 * worker, in bridge-kubernetes).
 *
 * <p>Being found does nothing; nothing is started or connected until {@link #create(Map)}. An
 * implementation is registered both in its module's {@code module-info.java}
 * ({@code provides dev.pybridge.core.launch.LauncherProvider with ...}) and in
 * {@code META-INF/services/dev.pybridge.core.launch.LauncherProvider}, so that it is found on the
 * module path and on the class path. This interface grows only by default methods.
 *
 * @since 0.3
 */
public interface LauncherProvider {

    /** The name callers choose this launcher by: lowercase words joined by {@code -}. */
    String name();

    /** The property keys {@link #create(Map)} accepts, each with its description and default. */
    Set<LauncherProperty> properties();

    /**
     * Makes a launcher. The catalog has checked the keys already: each is one of
     * {@link #properties()}, and each property with a default that the caller left out is present
     * with its default. A message about a bad value names its key and the form expected; it never
     * quotes a value that may be secret.
     *
     * @param properties the settings, by key; unmodifiable
     * @return a new launcher, which the bridge that uses it {@linkplain WorkerLauncher#close() closes}
     * @throws dev.pybridge.api.error.BridgeConfigurationException for a bad value
     */
    WorkerLauncher create(Map<String, String> properties);
}
