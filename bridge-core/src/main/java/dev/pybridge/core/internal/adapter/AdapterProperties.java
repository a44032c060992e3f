package dev.pybridge.core.internal.adapter;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.program.ApiKey;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.spi.AdapterProperty;
import dev.pybridge.core.program.PythonAdapter;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The properties the {@code python} and {@code python-pool} adapter providers share: the worker's
 * Python, the call deadline, and an LM to configure at once. The key itself is never a property
 * (property files end up in logs and repositories): {@code lm.api-key-env} names the variable
 * that holds it.
 */
public final class AdapterProperties {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    // A default here is a value the catalog passes when the property is left out; where the default is a
    // rule rather than a value, the description says it and there is none.
    private static final List<AdapterProperty> BRIDGE = List.of(
            AdapterProperty.of("python", "the Python interpreter, a path or a command on the PATH; "
                    + "left out: $PYBRIDGE_PYTHON, else the active virtual environment, else python3"),
            AdapterProperty.of("python-path", "folders added to the workers' PYTHONPATH, separated by '" + File.pathSeparator + "'"),
            AdapterProperty.of("working-directory", "the workers' working directory; left out: the JVM's"),
            AdapterProperty.of("timeout", "the deadline of each program call, an ISO-8601 duration", DEFAULT_TIMEOUT.toString()),
            AdapterProperty.of("startup-timeout", "how long a worker may take to start, an ISO-8601 duration",
                    BridgeConfig.builder().build().startupTimeout().toString()),
            AdapterProperty.of("worker-threads", "how many calls one worker runs at once, 1 to 1024", "1"),
            AdapterProperty.of("extensions", "Python modules each worker imports to add commands, separated by ','"),
            AdapterProperty.of("lm.model", "an LM to configure at once, as dspy.LM names it (openai/gpt-4o-mini)"),
            AdapterProperty.of("lm.api-key-env", "the environment variable that holds the LM's API key"),
            AdapterProperty.of("lm.api-base", "the LM provider's endpoint"),
            AdapterProperty.of("lm.temperature", "the LM's sampling temperature, 0 to 2"),
            AdapterProperty.of("lm.max-tokens", "the most tokens one completion may have"),
            AdapterProperty.of("lm.cache", "whether DSPy may answer from its cache, true or false; left out: DSPy's default"),
            AdapterProperty.of("lm.factory", "a Python callable module:function that builds the LM instead of dspy.LM"));

    private final String provider;
    private final Map<String, String> values;
    private final BridgeConfig bridge;
    private final Duration timeout;
    private final Optional<LmConfig> lm;

    private AdapterProperties(String provider, Map<String, String> values) {
        this.provider = provider;
        this.values = Map.copyOf(values);
        // Every value is checked here, before anything starts.
        this.bridge = parseBridge();
        this.timeout = value("timeout").map(text -> duration("timeout", text)).orElse(DEFAULT_TIMEOUT);
        this.lm = parseLm();
    }

    /**
     * The properties of provider {@code provider}, already checked for unknown keys by the catalog.
     *
     * @throws BridgeConfigurationException naming the first property whose value is wrong
     */
    public static AdapterProperties of(String provider, Map<String, String> values) {
        return new AdapterProperties(provider, values);
    }

    /** The shared properties, and {@code more}. */
    public static Set<AdapterProperty> describe(AdapterProperty... more) {
        Set<AdapterProperty> all = new LinkedHashSet<>(BRIDGE);
        all.addAll(Arrays.asList(more));
        return Set.copyOf(all);
    }

    /** The bridge these properties describe; a bridge an adapter starts starts its workers at once. */
    public BridgeConfig bridge() {
        return bridge;
    }

    private BridgeConfig parseBridge() {
        PythonEnvironment python = value("python").map(PythonEnvironment::of).orElseGet(PythonEnvironment::defaults);
        Optional<String> pythonPath = value("python-path");
        if (pythonPath.isPresent()) {
            String inherited = python.environment().getOrDefault("PYTHONPATH", System.getenv("PYTHONPATH"));
            python = python.withVariable("PYTHONPATH", inherited == null || inherited.isBlank()
                    ? pythonPath.get() : pythonPath.get() + File.pathSeparator + inherited);
        }
        Optional<Path> workingDirectory = value("working-directory").map(Path::of);
        if (workingDirectory.isPresent()) {
            python = python.withWorkingDirectory(workingDirectory.get());
        }
        BridgeConfig.Builder builder = BridgeConfig.builder().python(python).eagerStart(true);
        value("startup-timeout").map(text -> duration("startup-timeout", text)).ifPresent(builder::startupTimeout);
        value("worker-threads").map(text -> integer("worker-threads", text)).ifPresent(builder::workerThreads);
        value("extensions").map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList())
                .ifPresent(builder::extensions);
        return checked(builder::build);
    }

    /** The deadline of each program call. */
    public Duration timeout() {
        return timeout;
    }

    /** The LM to configure at once, if {@code lm.model} names one. */
    public Optional<LmConfig> lm() {
        return lm;
    }

    private Optional<LmConfig> parseLm() {
        Optional<String> model = value("lm.model");
        if (model.isEmpty()) {
            value("lm.api-key-env").or(() -> value("lm.factory")).ifPresent(ignored -> {
                throw failure("lm.* properties need lm.model, the model to configure");
            });
            return Optional.empty();
        }
        LmConfig.Builder builder = LmConfig.builder(model.get());
        value("lm.api-key-env").ifPresent(variable -> builder.apiKey(apiKey(variable)));
        value("lm.api-base").ifPresent(builder::apiBase);
        value("lm.temperature").map(text -> number("lm.temperature", text)).ifPresent(builder::temperature);
        value("lm.max-tokens").map(text -> integer("lm.max-tokens", text)).ifPresent(builder::maxTokens);
        value("lm.cache").map(text -> bool("lm.cache", text)).ifPresent(builder::cache);
        value("lm.factory").ifPresent(builder::factory);
        return Optional.of(checked(builder::build));
    }

    /**
     * An adapter over {@code bridge}, which it closes when closed, and which it closes now if the
     * LM cannot be configured.
     */
    public PythonAdapter adapterOver(PythonBridge bridge, int workers) {
        try {
            PythonAdapter adapter = PythonAdapter.builder(bridge).workers(workers).timeout(timeout()).closesBridge(true).build();
            lm().ifPresent(adapter::configureLm);
            return adapter;
        }
        catch (RuntimeException | Error e) {
            bridge.close();
            throw e;
        }
    }

    /** The integer property {@code key}, between {@code min} and {@code max}, or {@code otherwise}. */
    public int integer(String key, int min, int max, int otherwise) {
        int value = value(key).map(text -> integer(key, text)).orElse(otherwise);
        if (value < min || value > max) {
            throw failure(key + " must be between " + min + " and " + max);
        }
        return value;
    }

    private ApiKey apiKey(String variable) {
        String key = System.getenv(variable);
        if (key == null || key.isBlank()) {
            // The variable's name is not shown: a key put here by mistake must not reach a log.
            throw failure("lm.api-key-env names an environment variable that is not set: set it to the API key, "
                    + "or leave lm.api-key-env out if the worker's environment holds the provider's own variable");
        }
        return ApiKey.of(key);
    }

    private Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(text -> !text.isEmpty());
    }

    private <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        }
        catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
    }

    private Duration duration(String key, String text) {
        return parse(key, text, Duration::parse, "an ISO-8601 duration such as PT2M or PT30S");
    }

    private int integer(String key, String text) {
        return parse(key, text, Integer::parseInt, "an integer");
    }

    private double number(String key, String text) {
        return parse(key, text, Double::parseDouble, "a number");
    }

    private boolean bool(String key, String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw failure(key + " must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private <T> T parse(String key, String text, Function<String, T> parser, String expected) {
        try {
            return parser.apply(text);
        }
        catch (NumberFormatException | DateTimeParseException e) {
            throw failure(key + " must be " + expected);
        }
    }

    private BridgeConfigurationException failure(String message) {
        return new BridgeConfigurationException("adapter provider '" + provider + "': " + message);
    }
}
