package dev.pybridge.cli;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeTimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as picocli parses it: nothing here starts Python. */
class PyBridgeCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsTheCommands() {
        int exit = run("--help");
        assertEquals(0, exit);
        assertTrue(out.toString().contains("demo"), out.toString());
        assertTrue(out.toString().contains("doctor"), out.toString());
    }

    @Test
    void eachCommandHasHelp() {
        int exit = run("load", "--help");
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("--workers"), out.toString());
        assertTrue(out.toString().contains("--verbose"), out.toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        int exit = run("nonsense");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }

    @Test
    void aMisspeltOptionIsAUsageErrorWithASuggestion() {
        int exit = run("load", "--worker", "2");
        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("Unknown options: '--worker', '2'"), err.toString());
        assertTrue(err.toString().contains("--workers"), err.toString());
        assertFalse(err.toString().contains("Usage:"), err.toString());
    }

    @Test
    void verboseIsAcceptedBeforeAndAfterTheCommand() {
        assertTrue(PyBridgeCli.commandLine().parseArgs("--verbose", "doctor").hasMatchedOption("--verbose"));
        assertTrue(PyBridgeCli.commandLine().parseArgs("doctor", "--verbose").subcommand().hasMatchedOption("--verbose"));
    }

    @Test
    void aTimeoutTheUserSetIsSaidToBeTheirsNotAFaultInPython() {
        String text = fail(new BridgeTimeoutException("'exec' on worker pool1-w1 passed its deadline of 1 ms", Duration.ofMillis(1)),
                "load", "--timeout", "PT0.001S");
        assertEquals("pybridge load: 'exec' on worker pool1-w1 passed its deadline of 1 ms\n"
                + "That deadline is --timeout PT0.001S, your setting, not a fault in the Python setup: "
                + "a longer --timeout gives each call more time.\n", text);
    }

    @Test
    void aTimeoutAtTheDefaultSaysSo() {
        String text = fail(new BridgeTimeoutException("passed its deadline of 30000 ms", Duration.ofSeconds(30)), "load");
        assertTrue(text.contains("That deadline is --timeout PT30S, the default"), text);
    }

    @Test
    void aBrokenPythonSetupPointsToTheDoctor() {
        String text = fail(new BridgeConfigurationException("Python interpreter '/no/such' was not found"), "demo");
        assertEquals("pybridge demo: Python interpreter '/no/such' was not found\nRun ./pybridge doctor to check the Python setup.\n", text);
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutATrace() {
        String text = fail(new IllegalStateException("something broke"), "doctor");
        assertEquals("pybridge doctor: IllegalStateException: something broke\nRun again with --verbose to see where it failed.\n", text);
    }

    @Test
    void verboseShowsTheStackTrace() {
        String verbose = fail(new IllegalStateException("something broke"), "doctor", "--verbose");
        assertTrue(verbose.startsWith("pybridge doctor: IllegalStateException: something broke\njava.lang.IllegalStateException"), verbose);
        assertTrue(verbose.contains("\tat "), verbose);
    }

    // The failure handler as picocli calls it when `args` parsed and the command then threw `failure`.
    private String fail(Exception failure, String... args) {
        CommandLine cli = PyBridgeCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        CommandLine command = cli.getSubcommands().get(args[0]).setErr(new PrintWriter(err, true));
        try {
            int exit = cli.getExecutionExceptionHandler().handleExecutionException(failure, command, parsed);
            assertEquals(1, exit);
        }
        catch (Exception e) {
            throw new AssertionError("the handler threw", e);
        }
        return err.toString();
    }

    private int run(String... args) {
        CommandLine command = PyBridgeCli.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
