package dev.pybridge.cli;

import dev.pybridge.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./pybridge}: the newcomer's first run and the operator's tools. Exit status 0 on success,
 * 1 when the command failed, 2 for a command line that cannot be used.
 */
// Inherited, so that each command takes --help, as the usage errors say.
@Command(name = "pybridge",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = PyBridgeCli.Version.class,
        description = "Runs CPython from the JVM through supervised worker processes.",
        subcommands = {DemoCommand.class, DoctorCommand.class, LoadCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class PyBridgeCli {

    // Inherited: given before or after the subcommand's name, it sets this one field.
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of a failure.")
    private boolean verbose;

    public static void main(String[] args) {
        // Worker stderr and restarts are logged at INFO; a terminal user wants warnings only unless asked.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests and embedding. */
    public static CommandLine commandLine() {
        PyBridgeCli cli = new PyBridgeCli();
        return new CommandLine(cli)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new FailureHandler(() -> cli.verbose));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PyBridgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"pybridge " + (version == null ? "development build" : version)};
        }
    }
}
