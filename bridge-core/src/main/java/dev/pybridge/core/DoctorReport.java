package dev.pybridge.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@link PythonDoctor} found: the interpreter, the worker, the optional packages, and every
 * problem with what to do about it.
 *
 * @param configured the interpreter as configured
 * @param interpreter the real interpreter it resolved to, if it could be resolved
 * @param version its Python version, if known
 * @param workerStartMillis how long a worker took to send its ready frame, or -1 if it did not
 * @param commands the commands the worker serves
 * @param optionalPackages for each optional package, its version if importable, else empty
 * @param problems what is wrong, each with a fix; empty when all is well
 * @since 0.1
 */
public record DoctorReport(String configured, Optional<String> interpreter, Optional<String> version, long workerStartMillis,
        List<String> commands, Map<String, Optional<String>> optionalPackages, List<Problem> problems) {

    public DoctorReport {
        requireNonNull(configured, "configured is null");
        requireNonNull(interpreter, "interpreter is null");
        requireNonNull(version, "version is null");
        commands = List.copyOf(commands);
        optionalPackages = Map.copyOf(optionalPackages);
        problems = List.copyOf(problems);
    }

    /** Whether a bridge can start and serve with this configuration. */
    public boolean healthy() {
        return problems.stream().noneMatch(Problem::fatal);
    }

    /**
     * One thing that is wrong.
     *
     * @param what what is wrong
     * @param fix what to do about it
     * @param fatal whether it keeps the bridge from working (a missing optional package does not)
     */
    public record Problem(String what, String fix, boolean fatal) {
        public Problem {
            requireNonNull(what, "what is null");
            requireNonNull(fix, "fix is null");
        }
    }
}
