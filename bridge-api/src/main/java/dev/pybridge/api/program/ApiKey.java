package dev.pybridge.api.program;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * An LM provider's API key: a secret. Its {@link #toString()} hides it, so that it never reaches
 * a log line or an exception message by accident; only {@link #reveal()} gives the key, to the
 * code that sends it to the worker.
 *
 * @since 0.2
 */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * The key {@code value}.
     *
     * @throws IllegalArgumentException if it is blank (the message never shows a key)
     */
    public static ApiKey of(String value) {
        requireNonNull(value, "API key is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("API key is blank");
        }
        return new ApiKey(value);
    }

    /**
     * The key held by environment variable {@code name}.
     *
     * @throws IllegalArgumentException if the variable is not set or blank
     */
    public static ApiKey fromEnvironment(String name) {
        requireNonNull(name, "name is null");
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " holds no API key: set it, or pass the key");
        }
        return new ApiKey(value);
    }

    /** The key itself: pass it only to what sends it to the LM provider. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        // Constant time, as a comparison of secrets should be.
        return other instanceof ApiKey key && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), key.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return ApiKey.class.hashCode();
    }

    /** Never the key: {@code ApiKey[***]}. */
    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
