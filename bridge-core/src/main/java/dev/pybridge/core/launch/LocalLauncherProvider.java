package dev.pybridge.core.launch;

import java.util.Map;
import java.util.Set;

/**
 * The {@code local} launcher: workers as child processes of this JVM ({@link LocalProcessLauncher}).
 * It takes no properties: the interpreter, environment and working directory come from the
 * bridge's {@link dev.pybridge.api.config.PythonEnvironment}.
 *
 * @since 0.3
 */
public final class LocalLauncherProvider implements LauncherProvider {

    /** The name this launcher is chosen by, and the one a bridge uses when none is configured. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<LauncherProperty> properties() {
        return Set.of();
    }

    @Override
    public WorkerLauncher create(Map<String, String> properties) {
        return new LocalProcessLauncher();
    }
}
