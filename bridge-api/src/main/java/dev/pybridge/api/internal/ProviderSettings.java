package dev.pybridge.api.internal;

import dev.pybridge.api.error.BridgeConfigurationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import static java.util.Objects.requireNonNull;

/**
 * The settings a named provider receives: the caller's properties, each checked to be one the
 * provider declares, with the defaults of those left out added. Adapter providers and worker
 * launchers are chosen and configured the same way, so both catalogs use this.
 */
public final class ProviderSettings {

    private ProviderSettings() {
    }

    /**
     * @param kind what the provider is, for the message: {@code "adapter provider"}, {@code "launcher"}
     * @param name the provider's name
     * @param defaults each declared key with its default, if it has one
     * @param given the caller's properties
     * @throws BridgeConfigurationException naming each unknown key and the nearest known one
     */
    public static Map<String, String> of(String kind, String name, SortedMap<String, Optional<String>> defaults,
            Map<String, String> given) {
        requireNonNull(given, "properties is null");
        Map<String, String> settings = new HashMap<>();
        defaults.forEach((key, value) -> value.ifPresent(v -> settings.put(key, v)));
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String key = requireNonNull(entry.getKey(), "properties holds a null key");
            requireNonNull(entry.getValue(), () -> "property '" + key + "' is null");
            if (defaults.containsKey(key)) {
                settings.put(key, entry.getValue());
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new BridgeConfigurationException(unknownKeys(kind, name, defaults.keySet(), unknown));
        }
        return Map.copyOf(settings);
    }

    /** Each unknown key, the nearest known one where one is close, and the known keys when one is not. */
    static String unknownKeys(String kind, String name, Set<String> known, List<String> unknown) {
        List<String> items = new ArrayList<>();
        boolean unmatched = false;
        for (String key : unknown.stream().sorted().toList()) {
            Optional<String> near = Spelling.nearest(key, known);
            items.add("'" + key + "'" + near.map(k -> " (did you mean '" + k + "'?)").orElse(""));
            unmatched |= near.isEmpty();
        }
        StringBuilder message = new StringBuilder(kind).append(" '").append(name)
                .append(items.size() == 1 ? "' has no property " : "' has no properties ")
                .append(String.join(", ", items));
        if (unmatched) {
            message.append(known.isEmpty() ? "; it takes no properties" : "; its properties are: " + String.join(", ", known));
        }
        return message.toString();
    }
}
