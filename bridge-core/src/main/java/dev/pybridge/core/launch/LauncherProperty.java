package dev.pybridge.core.launch;

import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A setting that a {@link LauncherProvider} accepts: its key, what it does, and the value used when
 * the caller leaves it out.
 *
 * @param key lowercase words of letters and digits joined by dots and dashes, starting with a
 *     letter: {@code hosts}, {@code known-hosts}, {@code node-selector}
 * @param description what the setting does, for people; not blank
 * @param defaultValue the value the provider receives when the caller gives none, if there is one
 * @since 0.3
 */
public record LauncherProperty(String key, String description, Optional<String> defaultValue) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");

    public LauncherProperty {
        requireNonNull(key, "key is null");
        requireNonNull(description, "description is null");
        requireNonNull(defaultValue, "defaultValue is null");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a property key must be lowercase words of letters and digits joined by '.' or '-',"
                    + " such as \"hosts\" or \"known-hosts\": \"" + key + "\"");
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("the description of property \"" + key + "\" is blank");
        }
    }

    /** A property without a default. */
    public static LauncherProperty of(String key, String description) {
        return new LauncherProperty(key, description, Optional.empty());
    }

    /** A property with a default. */
    public static LauncherProperty of(String key, String description, String defaultValue) {
        return new LauncherProperty(key, description, Optional.of(requireNonNull(defaultValue, "defaultValue is null")));
    }
}
