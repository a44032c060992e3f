package dev.pybridge.api.program;

import dev.pybridge.api.PyValues;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The language model a program calls: what the worker passes to {@code dspy.LM}.
 *
 * <pre>{@code
 * LmConfig lm = LmConfig.builder("openai/gpt-4o-mini")
 *         .apiKey(ApiKey.fromEnvironment("OPENAI_API_KEY"))
 *         .temperature(0.2)
 *         .build();
 * }</pre>
 *
 * <p>The key is an {@link ApiKey}: this record's {@code toString} shows {@code ApiKey[***]}.
 *
 * @param model any model string {@code dspy.LM} accepts: {@code openai/gpt-4o-mini},
 *     {@code anthropic/claude-3-5-haiku-20241022}, {@code ollama_chat/llama3.2}, ...
 * @param apiKey the provider's key, if the model needs one and the worker's environment lacks it
 * @param apiBase the provider's endpoint, for a local or proxied one
 * @param temperature the sampling temperature, if not the model's default
 * @param maxTokens the most tokens one completion may have, if not the default
 * @param cache whether DSPy may answer from its cache, if not its default (on)
 * @param extra further keyword arguments for {@code dspy.LM} (never the key: use {@code apiKey})
 * @param factory a Python callable {@code module:function} that builds the LM from these settings,
 *     for models {@code dspy.LM} does not cover; none: {@code dspy.LM}
 * @since 0.2
 */
public record LmConfig(String model, Optional<ApiKey> apiKey, Optional<String> apiBase, OptionalDouble temperature,
        OptionalInt maxTokens, Optional<Boolean> cache, Map<String, Object> extra, Optional<String> factory) {

    private static final Pattern TARGET = Pattern.compile("[A-Za-z_][\\w.]*:[A-Za-z_][\\w.]*");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(key|token|secret|password).*");

    public LmConfig {
        requireNonNull(model, "model is null");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model is blank: name one as dspy.LM takes it, such as openai/gpt-4o-mini");
        }
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(apiBase, "apiBase is null");
        requireNonNull(temperature, "temperature is null");
        temperature.ifPresent(value -> {
            if (!(value >= 0 && value <= 2)) {
                throw new IllegalArgumentException("temperature must be between 0 and 2: " + value);
            }
        });
        requireNonNull(maxTokens, "maxTokens is null");
        maxTokens.ifPresent(value -> {
            if (value < 1) {
                throw new IllegalArgumentException("maxTokens must be positive: " + value);
            }
        });
        requireNonNull(cache, "cache is null");
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(extra, "extra is null")));
        for (Map.Entry<String, Object> entry : extra.entrySet()) {
            if (SECRET_NAME.matcher(entry.getKey().toLowerCase(Locale.ROOT)).matches()) {
                // The value is not named: it is likely a secret, and this message may be logged.
                throw new IllegalArgumentException("extra argument '" + entry.getKey()
                        + "' looks like a secret: pass the key with apiKey(ApiKey), which keeps it out of logs");
            }
            PyValues.requireSupported("extra argument '" + entry.getKey() + "'", entry.getValue());
        }
        requireNonNull(factory, "factory is null");
        factory.ifPresent(target -> {
            if (!TARGET.matcher(target).matches()) {
                throw new IllegalArgumentException("factory must be a Python target such as \"mypackage.lms:build\": " + target);
            }
        });
    }

    /** A configuration of {@code model} with every other setting at its default. */
    public static LmConfig of(String model) {
        return builder(model).build();
    }

    /** A builder for {@code model}. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** Builds an {@link LmConfig}; checks every setting when built. */
    public static final class Builder {

        private final String model;
        private Optional<ApiKey> apiKey = Optional.empty();
        private Optional<String> apiBase = Optional.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalInt maxTokens = OptionalInt.empty();
        private Optional<Boolean> cache = Optional.empty();
        private final Map<String, Object> extra = new LinkedHashMap<>();
        private Optional<String> factory = Optional.empty();

        private Builder(String model) {
            this.model = model;
        }

        public Builder apiKey(ApiKey value) {
            apiKey = Optional.of(requireNonNull(value, "apiKey is null"));
            return this;
        }

        public Builder apiBase(String value) {
            apiBase = Optional.of(requireNonNull(value, "apiBase is null"));
            return this;
        }

        public Builder temperature(double value) {
            temperature = OptionalDouble.of(value);
            return this;
        }

        public Builder maxTokens(int value) {
            maxTokens = OptionalInt.of(value);
            return this;
        }

        public Builder cache(boolean value) {
            cache = Optional.of(value);
            return this;
        }

        /** One more keyword argument for {@code dspy.LM}. */
        public Builder extra(String name, Object value) {
            extra.put(requireNonNull(name, "name is null"), value);
            return this;
        }

        /** The Python callable, {@code module:function}, that builds the LM instead of {@code dspy.LM}. */
        public Builder factory(String target) {
            factory = Optional.of(requireNonNull(target, "factory is null"));
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public LmConfig build() {
            return new LmConfig(model, apiKey, apiBase, temperature, maxTokens, cache, extra, factory);
        }
    }
}
