package dev.pybridge.kubernetes;

import dev.pybridge.api.error.BridgeConfigurationException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the kubernetes launcher's property values. A bad one fails with a message that names its key
 * and the form expected, never the value itself (LauncherProvider's rule: a value may be secret).
 */
final class PropertyValues {

    // Kubernetes' quantity: a decimal number and a suffix, binary (Ki..Ei), decimal (n, u, m, k, M..E) or an exponent.
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern TOLERATION = Pattern.compile("([^=:]+)(?:=([^:]*))?(?::(.*))?");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    private final Map<String, String> properties;

    PropertyValues(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
    }

    String required(String key, String what) {
        return optional(key).orElseThrow(() -> bad(key, "is required: " + what));
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(properties.get(key)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** A quantity above zero, such as {@code 500m}, {@code 2} or {@code 4Gi}. */
    Optional<String> quantity(String key, String example) {
        return optional(key).map(value -> {
            Matcher matcher = QUANTITY.matcher(value);
            if (!matcher.matches() || new BigDecimal(matcher.group(1)).signum() <= 0) {
                throw bad(key, "must be a Kubernetes quantity above zero, a number with an optional suffix such as " + example);
            }
            return value;
        });
    }

    /** A whole number above zero. */
    Optional<Integer> count(String key) {
        return optional(key).map(value -> {
            try {
                int count = Integer.parseInt(value);
                if (count > 0) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // Said below, without the value.
            }
            throw bad(key, "must be a whole number above zero, such as 1");
        });
    }

    /** A label key, such as {@code nvidia.com/gpu}. */
    String labelKey(String key) {
        String value = required(key, "a resource name such as nvidia.com/gpu");
        if (!Labels.isKey(value)) {
            throw bad(key, "must be a resource name: an optional DNS prefix and '/', then letters, digits, '-', '_' or '.', such as nvidia.com/gpu");
        }
        return value;
    }

    /** A DNS subdomain name, as a service account's or a secret's. */
    Optional<String> objectName(String key) {
        return optional(key).map(value -> {
            if (!Labels.isDnsSubdomain(value)) {
                throw bad(key, "must be a Kubernetes object name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
            }
            return value;
        });
    }

    Optional<String> pullPolicy(String key) {
        return optional(key).map(value -> {
            if (!PULL_POLICIES.contains(value)) {
                throw bad(key, "must be Always, IfNotPresent or Never");
            }
            return value;
        });
    }

    /** {@code k=v,k2=v2}: labels a node must have. */
    Map<String, String> labels(String key) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : entries(key)) {
            int equals = entry.indexOf('=');
            String label = equals < 0 ? entry : entry.substring(0, equals).strip();
            String value = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (equals < 0 || !Labels.isKey(label) || !Labels.isValue(value)) {
                throw bad(key, "must be node labels as key=value pairs separated by commas, such as"
                        + " gpu=true,topology.kubernetes.io/zone=eu-west-1a (keys and values of letters, digits, '-', '_' and '.')");
            }
            if (labels.put(label, value) != null) {
                throw bad(key, "names the label '" + label + "' twice");
            }
        }
        return Collections.unmodifiableMap(labels);
    }

    /** {@code key[=value][:Effect]} entries separated by commas (README.md, "Kubernetes"). */
    List<TolerationSpec> tolerations(String key) {
        List<TolerationSpec> tolerations = new ArrayList<>();
        for (String entry : entries(key)) {
            Matcher matcher = TOLERATION.matcher(entry);
            String effect = matcher.matches() ? matcher.group(3) : null;
            if (!matcher.matches() || !Labels.isKey(matcher.group(1).strip())
                    || matcher.group(2) != null && !Labels.isValue(matcher.group(2).strip())
                    || effect != null && !EFFECTS.contains(effect.strip())) {
                throw bad(key, "must be taints to tolerate, separated by commas, each key[=value][:effect] with effect NoSchedule,"
                        + " PreferNoSchedule or NoExecute, such as gpu=true:NoSchedule,dedicated:NoExecute");
            }
            tolerations.add(new TolerationSpec(matcher.group(1).strip(), Optional.ofNullable(matcher.group(2)).map(String::strip),
                    Optional.ofNullable(effect).map(String::strip)));
        }
        return List.copyOf(tolerations);
    }

    private List<String> entries(String key) {
        return optional(key).map(value -> List.of(value.split(",", -1))).orElse(List.of()).stream().map(String::strip).toList();
    }

    static BridgeConfigurationException bad(String key, String problem) {
        return new BridgeConfigurationException("launcher '" + KubernetesLauncherProvider.NAME + "': property '" + key + "' " + problem);
    }

    /**
     * A taint to tolerate: {@code key} alone tolerates the taint whatever its value ({@code Exists}),
     * with a value only that value ({@code Equal}); without an effect, every effect.
     */
    record TolerationSpec(String key, Optional<String> value, Optional<String> effect) {}
}
