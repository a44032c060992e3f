package dev.pybridge.core.internal;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * The interpreter a configured executable really is.
 *
 * @param configured what the configuration said ({@code python3}, a shim, a venv's {@code bin/python})
 * @param executable what Python reports as {@code sys.executable}: the binary to start workers with
 * @param version {@code major.minor.micro}
 */
public record ResolvedInterpreter(String configured, Path executable, String version) {

    public ResolvedInterpreter {
        requireNonNull(configured, "configured is null");
        requireNonNull(executable, "executable is null");
        requireNonNull(version, "version is null");
    }
}
