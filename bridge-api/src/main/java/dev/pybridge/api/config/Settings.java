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
        return value;
    }

    static int requireInRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return value;
    }
}
