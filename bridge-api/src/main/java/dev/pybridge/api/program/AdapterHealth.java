package dev.pybridge.api.program;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Whether an adapter can run programs now.
 *
 * @param healthy a worker answered and DSPy is importable there
 * @param dspyVersion DSPy's version, when it imports
 * @param problem what is wrong, and what to do about it, when not healthy
 * @since 0.2
 */
public record AdapterHealth(boolean healthy, Optional<String> dspyVersion, Optional<String> problem) {

    public AdapterHealth {
        requireNonNull(dspyVersion, "dspyVersion is null");
        requireNonNull(problem, "problem is null");
        if (healthy == problem.isPresent()) {
            throw new IllegalArgumentException(healthy ? "a healthy adapter has no problem" : "an unhealthy adapter needs a problem");
        }
    }

    /** Healthy, with DSPy {@code version} (empty: not reported). */
    public static AdapterHealth healthy(Optional<String> version) {
        return new AdapterHealth(true, version, Optional.empty());
    }

    /** Not healthy, because of {@code problem}. */
    public static AdapterHealth unhealthy(String problem) {
        return new AdapterHealth(false, Optional.empty(), Optional.of(problem));
    }
}
