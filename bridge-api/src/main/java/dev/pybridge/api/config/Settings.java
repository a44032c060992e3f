package dev.pybridge.api.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** Checks shared by the configuration records, with messages that name the setting. */
final class Settings {

    private Settings() {}

    static Duration requirePositive(String name, Duration value) {
        requireNonNull(value, () -> name + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return requireRepresentable(name, value);
    }

    static Duration requireNotNegative(String name, Duration value) {
        requireNonNull(value, () -> name + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
        return requireRepresentable(name, value);
    }

    static Duration requireRepresentable(String name, Duration value) {
        if (value.compareTo(BridgeConfig.MAX_DURATION) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + BridgeConfig.MAX_DURATION.toDays()
                    + " days (about 100 years), the longest span the bridge's clock can count: " + value);
        }
        return value;
    }

    static int requireInRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }
}
