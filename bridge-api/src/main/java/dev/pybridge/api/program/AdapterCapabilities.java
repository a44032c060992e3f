package dev.pybridge.api.program;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an adapter supports, so that a caller (or a contract suite) can tell before it asks.
 *
 * @param moduleKinds the module kinds it can run
 * @param features what else it supports
 * @since 0.2
 */
public record AdapterCapabilities(Set<ModuleKind> moduleKinds, Set<AdapterFeature> features) {

    public AdapterCapabilities {
        moduleKinds = Set.copyOf(moduleKinds);
        features = Set.copyOf(features);
    }

    /** Every module kind and every feature. */
    public static AdapterCapabilities all() {
        return new AdapterCapabilities(EnumSet.allOf(ModuleKind.class), EnumSet.allOf(AdapterFeature.class));
    }

    public boolean supports(ModuleKind kind) {
        return moduleKinds.contains(kind);
    }

    public boolean has(AdapterFeature feature) {
        return features.contains(feature);
    }
}
