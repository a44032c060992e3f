package dev.pybridge.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * How a bridge starts and talks to its Python workers. Immutable and checked when built; start
 * from {@link #builder()} or {@link #defaults()}.
 *
 * <pre>{@code
 * BridgeConfig config = BridgeConfig.builder()
 *         .python(PythonEnvironment.virtualEnv(Path.of(".venv")))
 *         .callTimeout(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * @param python the interpreter, its extra environment and working directory
 * @param startupTimeout how long a worker may take to send its ready frame
 * @param callTimeout the deadline of a call that does not set its own
 * @param maxFrameBytes the largest message either side may send; larger ones are refused
 * @param workerThreads how many requests one worker runs at once (1: one after another, in order;
 *     more suits calls that wait on I/O, such as LLM requests)
 * @param restartPolicy backoff and restart intensity for dead workers
 * @param shutdownGrace how long closing waits for in-flight calls, then for the worker to exit,
 *     before it kills the process
 * @param eagerStart whether the worker starts when the bridge is built (errors show at once) or
 *     on the first call
 * @param workerCacheDirectory where the worker's Python files are unpacked, if not the user's
 *     cache folder ({@code $XDG_CACHE_HOME/pybridge} or {@code ~/.cache/pybridge})
 * @param extensions Python modules each worker imports when it starts, in order, after its own
 *     commands are in place; each defines {@code register(table)} and adds its commands there
 *     (see {@code python/PROTOCOL.md}). A module that fails to import fails the start with a
 *     {@link dev.pybridge.api.error.BridgeConfigurationException} that shows its traceback.
 * @param launcher which launcher starts the workers when none is given to the bridge: by name, with its properties
 * @since 0.1
 */
public record BridgeConfig(
        PythonEnvironment python,
        Duration startupTimeout,
        Duration callTimeout,
        int maxFrameBytes,
        int workerThreads,
        RestartPolicy restartPolicy,
        Duration shutdownGrace,
        boolean eagerStart,
        Optional<Path> workerCacheDirectory,
        List<String> extensions,
        LauncherChoice launcher) {

    /** The default {@link #maxFrameBytes()}: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;

    /** The smallest {@link #maxFrameBytes()} allowed: 4 KiB. */
    public static final int MIN_FRAME_BYTES = 4 << 10;

    /** The largest {@link #maxFrameBytes()} allowed: 1 GiB. */
    public static final int MAX_FRAME_BYTES = 1 << 30;

    /**
     * The longest duration any setting, and any call's timeout, may have: 36,500 days (about 100
     * years). Deadlines are counted on the JVM's monotonic clock in nanoseconds, where a longer
     * span could overflow; a longer setting is refused when it is built.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(36_500);

    public BridgeConfig {
        requireNonNull(python, "python is null");
        Settings.requirePositive("startupTimeout", startupTimeout);
        Settings.requirePositive("callTimeout", callTimeout);
        Settings.requireInRange("maxFrameBytes", maxFrameBytes, MIN_FRAME_BYTES, MAX_FRAME_BYTES);
        Settings.requireInRange("workerThreads", workerThreads, 1, 1024);
        requireNonNull(restartPolicy, "restartPolicy is null");
        Settings.requirePositive("shutdownGrace", shutdownGrace);
        requireNonNull(workerCacheDirectory, "workerCacheDirectory is null");
        extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
        extensions.forEach(BridgeConfig::requireModuleName);
        requireNonNull(launcher, "launcher is null");
    }

    // Dotted Python identifiers, as `import` takes them; the worker checks them again with Python's own rules.
    private static final Pattern MODULE_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*(\\.[\\p{L}_][\\p{L}\\p{N}_]*)*");

    private static void requireModuleName(String name) {
        if (name == null || !MODULE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("extensions must hold Python module names such as \"mypackage.commands\": " + name);
        }
    }

    /** {@code python3} from the {@code PATH}, and the defaults of {@link Builder}. */
    public static BridgeConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a {@link BridgeConfig}. The defaults: {@code python3} from the {@code PATH}, start-up
     * timeout 20 s, call timeout 30 s, frames up to 64 MiB, one thread per worker,
     * {@link RestartPolicy#defaults()}, shutdown grace 5 s, eager start, the user's cache folder, no
     * extension modules.
     */
    public static final class Builder {
        private PythonEnvironment python = PythonEnvironment.defaults();
        private Duration startupTimeout = Duration.ofSeconds(20);
        private Duration callTimeout = Duration.ofSeconds(30);
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int workerThreads = 1;
        private RestartPolicy restartPolicy = RestartPolicy.defaults();
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private boolean eagerStart = true;
        private Optional<Path> workerCacheDirectory = Optional.empty();
        private List<String> extensions = List.of();
        private LauncherChoice launcher = LauncherChoice.local();

        private Builder() {}

        private Builder(BridgeConfig config) {
            python = config.python;
            startupTimeout = config.startupTimeout;
            callTimeout = config.callTimeout;
            maxFrameBytes = config.maxFrameBytes;
            workerThreads = config.workerThreads;
            restartPolicy = config.restartPolicy;
            shutdownGrace = config.shutdownGrace;
            eagerStart = config.eagerStart;
            workerCacheDirectory = config.workerCacheDirectory;
            extensions = config.extensions;
            launcher = config.launcher;
        }

        public Builder python(PythonEnvironment value) {
            python = requireNonNull(value, "python is null");
            return this;
        }

        /** Shorthand for {@code python(PythonEnvironment.of(executable))}. */
        public Builder python(String executable) {
            return python(PythonEnvironment.of(executable));
        }

        public Builder startupTimeout(Duration value) {
            startupTimeout = value;
            return this;
        }

        public Builder callTimeout(Duration value) {
            callTimeout = value;
            return this;
        }

        public Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            return this;
        }

        public Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        public Builder restartPolicy(RestartPolicy value) {
            restartPolicy = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder eagerStart(boolean value) {
            eagerStart = value;
            return this;
        }

        public Builder workerCacheDirectory(Path value) {
            workerCacheDirectory = Optional.of(requireNonNull(value, "workerCacheDirectory is null"));
            return this;
        }

        /** The Python modules each worker imports at start to add their commands, in order. */
        public Builder extensions(List<String> value) {
            extensions = requireNonNull(value, "extensions is null");
            return this;
        }

        /** Shorthand for {@code extensions(List.of(modules))}. */
        public Builder extensions(String... modules) {
            return extensions(List.of(modules));
        }

        /**
         * Which launcher starts the workers when the bridge is built from this configuration alone
         * (not when a launcher is given to its constructor or bound in Guice); {@link LauncherChoice#local()} by default.
         */
        public Builder launcher(LauncherChoice value) {
            launcher = requireNonNull(value, "launcher is null");
            return this;
        }

        /** Shorthand for {@code launcher(LauncherChoice.of(name, properties))}. */
        public Builder launcher(String name, Map<String, String> properties) {
            return launcher(LauncherChoice.of(name, properties));
        }

        /** @throws IllegalArgumentException naming the first setting that is out of range */
        public BridgeConfig build() {
            return new BridgeConfig(python, startupTimeout, callTimeout, maxFrameBytes, workerThreads,
                    restartPolicy, shutdownGrace, eagerStart, workerCacheDirectory, extensions, launcher);
        }
    }
}
