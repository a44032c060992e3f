package dev.pybridge.cli;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./pybridge}: the newcomer's first run and the operator's tools. */
@Command(name = "pybridge",
        mixinStandardHelpOptions = true,
        versionProvider = PyBridgeCli.Version.class,
        description = "Runs CPython from the JVM through supervised worker processes.",
        subcommands = {DemoCommand.class, DoctorCommand.class, LoadCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class PyBridgeCli {

    public static void main(String[] args) {
        // Worker stderr and restarts are logged at INFO; a terminal user wants warnings only unless asked.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests and embedding. */
    public static CommandLine commandLine() {
        return new CommandLine(new PyBridgeCli()).setExecutionExceptionHandler(PyBridgeCli::report);
    }

    // A bridge failure is the user's to fix, not ours to debug: its message, not a stack trace.
    private static int report(Exception failure, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (!(failure instanceof BridgeException)) {
            throw failure;
        }
        command.getErr().println("pybridge " + command.getCommandName() + ": " + failure.getMessage());
        command.getErr().println("Run ./pybridge doctor to check the Python setup.");
        command.getErr().flush();
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PyBridgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"pybridge " + (version == null ? "development build" : version)};
        }
    }
}
