package dev.pybridge.api.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Which launcher starts a bridge's workers, by name, and its properties: {@code local} (this
 * machine, the default), {@code ssh} or {@code kubernetes}. The launcher is found through
 * bridge-core's {@code LauncherCatalog} when the bridge is built, and the properties are checked
 * there: this record checks only their shape. {@link #toString()} shows the keys, not the values.
 *
 * @param name the launcher's name: lowercase words joined by {@code -}
 * @param properties the launcher's settings by key, such as {@code hosts} for {@code ssh}
 * @since 0.3
 */
public record LauncherChoice(String name, Map<String, String> properties) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public LauncherChoice {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a launcher name is lowercase words joined by '-', such as \"local\" or \"ssh\": \"" + name + "\"");
        }
        properties = Map.copyOf(new TreeMap<>(requireNonNull(properties, "properties is null")));
    }

    /** Workers on this machine, as children of the JVM. */
    public static LauncherChoice local() {
        return new LauncherChoice("local", Map.of());
    }

    /** The launcher named {@code name} with {@code properties}. */
    public static LauncherChoice of(String name, Map<String, String> properties) {
        return new LauncherChoice(name, properties);
    }

    @Override
    public String toString() {
        return "LauncherChoice[name=" + name + ", properties=" + new TreeMap<>(properties).keySet() + "]";
    }
}
