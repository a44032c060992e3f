package dev.pybridge.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The message for property keys a provider does not know: each key, the nearest known one where one is close. */
final class UnknownKeys {

    private UnknownKeys() {
    }

    static String message(String provider, Set<String> known, List<String> unknown) {
        List<String> items = new ArrayList<>();
        boolean unmatched = false;
        for (String key : unknown.stream().sorted().toList()) {
            Optional<String> near = Spelling.nearest(key, known);
            items.add("'" + key + "'" + near.map(k -> " (did you mean '" + k + "'?)").orElse(""));
            unmatched |= near.isEmpty();
        }
        StringBuilder message = new StringBuilder("adapter provider '").append(provider)
                .append(items.size() == 1 ? "' has no property " : "' has no properties ")
                .append(String.join(", ", items));
        if (unmatched) {
            message.append(known.isEmpty() ? "; it takes no properties" : "; its properties are: " + String.join(", ", known));
        }
        return message.toString();
    }
}
