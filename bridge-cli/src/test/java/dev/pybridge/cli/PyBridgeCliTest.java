package dev.pybridge.cli;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
    void eachCommandHasHelpThatGivesTheRanges() {
        int exit = run("load", "--help");
        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("Workers in the pool, 1 to 256"), out.toString());
        assertTrue(out.toString().contains("--verbose"), out.toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        int exit = run("nonsense");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                arguments(List.of("load", "--workers", "5000"), "'--workers': '5000' is not a whole number from 1 to 256"),
                arguments(List.of("load", "--workers", "0"), "'--workers': '0' is not a whole number from 1 to 256"),
                arguments(List.of("load", "--concurrency", "20000000"), "'--concurrency': '20000000' is not a whole number from 1 to 10000"),
                arguments(List.of("load", "--requests", "0"), "'--requests': '0' is not a whole number of at least 1"),
                arguments(List.of("load", "--requests", "9223372036854775808"),
                        "'--requests': '9223372036854775808' is not a whole number of at least 1"),
                arguments(List.of("load", "--requests", "many"), "'--requests': 'many' is not a whole number of at least 1"),
                arguments(List.of("load", "--work", "-1"), "'--work': '-1' is not a whole number from 0 to 2147483647"),
                arguments(List.of("load", "--kill", "-1"), "'--kill': '-1' is not a whole number from 0 to 2147483647"),
                arguments(List.of("load", "--kill", "5", "--requests", "5"),
                        "'--kill': '5' is not a whole number from 0 to 4, fewer than --requests"),
                arguments(List.of("load", "--timeout", "PT0S"), "'--timeout': 'PT0S' is not an ISO-8601 duration longer than zero"),
                arguments(List.of("load", "--timeout", "-PT1S"), "'--timeout': '-PT1S' is not an ISO-8601 duration longer than zero"),
                arguments(List.of("load", "--timeout", "P36501D"), "'--timeout': 'P36501D' is not an ISO-8601 duration longer than zero and at most 36500 days"),
                arguments(List.of("load", "--timeout", "30s"), "'--timeout': '30s' is not an ISO-8601 duration longer than zero"),
                arguments(List.of("load", "--duration", "PT0S"), "'--duration': 'PT0S' is not an ISO-8601 duration longer than zero"),
                arguments(List.of("doctor", "--python", ""), "'--python': '' is not a Python interpreter"),
                arguments(List.of("demo", "--python", "  "), "'--python': '  ' is not a Python interpreter"),
                arguments(List.of("bench", "--python", ""), "'--python': '' is not a Python interpreter"),
                arguments(List.of("demo", "--calls", "0"), "'--calls': '0' is not a whole number from 1 to 2147483647"),
                arguments(List.of("demo", "--calls", "2147483648"), "'--calls': '2147483648' is not a whole number from 1 to 2147483647"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionIsOneLineNamingTheOptionAndWhatIsAllowed(List<String> args, String problem) {
        int exit = run(args.toArray(String[]::new));

        List<String> lines = err.toString().lines().toList();
        assertEquals(2, exit, err.toString());
        assertEquals(2, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("Invalid value for option " + problem), lines.get(0));
        assertEquals("Try 'pybridge " + args.get(0) + " --help' for more information.", lines.get(1));
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertEquals("", out.toString());
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
    void theLargestValuesAreAccepted() {
        CommandLine.ParseResult parsed = PyBridgeCli.commandLine().parseArgs("load", "--workers", "256", "--concurrency", "10000",
                "--requests", "9223372036854775807", "--timeout", "P36500D", "--duration", "P36500D", "--work", "2147483647");
        assertTrue(parsed.hasSubcommand());
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
