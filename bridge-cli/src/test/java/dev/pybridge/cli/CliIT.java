package dev.pybridge.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI commands, run in this JVM against a real Python. */
class CliIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void demoRunsEveryStepAndLeavesNoProcess() {
        int exit = run("demo", "--python", python(), "--calls", "200");
        String text = out.toString();
        assertEquals(0, exit, text + err);
        assertTrue(text.contains("result   332833500 (java.lang.Long)"), text);
        assertTrue(text.contains("PythonException (category PYTHON, retryable false)"), text);
        assertTrue(text.contains("ZeroDivisionError: division by zero at line 2"), text);
        assertTrue(text.contains("WorkerCrashedException: worker"), text);
        assertTrue(text.contains("BridgeTimeoutException after"), text);
        assertTrue(text.matches("(?s).*median \\d+ µs, p99 \\d+ µs.*"), text);
        assertTrue(text.contains("8. A DSPy program from Java"), text);
        // Without DSPy, or without an LM named in the environment, the step says what to install and set.
        assertTrue(text.contains("-m pip install dspy") || text.contains("set PYBRIDGE_LM") || text.contains("answer "), text);
        assertTrue(text.contains("Python processes left behind: none"), text);
    }

    @Test
    void doctorReportsAWorkingSetup() {
        int exit = run("doctor", "--python", python());
        String text = out.toString();
        assertEquals(0, exit, text + err);
        assertTrue(text.matches("(?s).*version +Python 3\\.\\d+\\.\\d+.*"), text);
        assertTrue(text.contains("commands     call, cancel, configure_lm, create_program, delete_program, dspy_info, echo, eval, exec, "
                + "execute_program, get_program, list_programs, load_program, ping, save_program, script.compile, script.complete, "
                + "script.eval, script.invoke, script.missing, session.close, shutdown, stats"), text);
        assertTrue(text.contains("verdict      ready to use"), text);
    }

    @Test
    void doctorExplainsAMissingInterpreter() {
        int exit = run("doctor", "--python", "/no/such/python");
        String text = out.toString();
        assertEquals(1, exit, text);
        assertTrue(text.contains("'/no/such/python' was not found"), text);
        assertTrue(text.contains("fix: change what the message names"), text);
        assertTrue(text.contains("NOT READY"), text);
    }

    @Test
    void demoWithAMissingInterpreterSaysWhatToDo() {
        int exit = run("demo", "--python", "/no/such/python");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("pybridge demo: Python interpreter '/no/such/python' was not found"), err.toString());
        assertTrue(err.toString().contains("./pybridge doctor"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void verboseShowsTheStackTraceOfAFailure() {
        int exit = run("demo", "--verbose", "--python", "/no/such/python");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("pybridge demo: Python interpreter '/no/such/python' was not found"), err.toString());
        assertTrue(err.toString().contains("dev.pybridge.api.error.BridgeConfigurationException"), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void loadStreamsItsRequestsSoAHugeCountStopsAtTheDuration() {
        // Two billion requests: a run that kept a record per request up front ran out of memory here.
        int exit = run("load", "--python", python(), "--workers", "1", "--concurrency", "2", "--requests", "2000000000",
                "--duration", "PT1S", "--work", "100");
        String summary = out.toString().strip();
        assertEquals(0, exit, summary + err);
        Matcher matcher = Pattern.compile("load: requests=(\\d+) ok=(\\d+) failed=(\\d+) lost=0 workers_replaced=\\d+ p50_us=\\d+ p99_us=\\d+ hosts=1")
                .matcher(summary);
        assertTrue(matcher.matches(), summary);
        long issued = Long.parseLong(matcher.group(1));
        assertTrue(issued < 2_000_000_000L, summary);
        assertEquals(issued, Long.parseLong(matcher.group(2)) + Long.parseLong(matcher.group(3)), summary);
    }

    @Test
    void loadEndsWithOneSummaryLineAndLosesNothingWhenAWorkerIsKilled() {
        int exit = run("load", "--python", python(), "--workers", "2", "--concurrency", "4", "--requests", "300", "--work", "1000", "--kill", "1");
        String summary = out.toString().strip();
        assertEquals(0, exit, summary + err);
        assertTrue(summary.matches("load: requests=300 ok=(\\d+) failed=([01]) lost=0 workers_replaced=1 p50_us=\\d+ p99_us=\\d+ hosts=1"), summary);
        assertEquals(1, summary.lines().count(), summary);
        assertTrue(err.toString().contains("killing worker pid"), err.toString());
    }

    @Test
    void anUnknownLauncherOrPropertyIsAUsageErrorThatListsWhatThereIs() {
        assertEquals(2, run("load", "--python", python(), "--launcher", "sshh"));
        assertTrue(err.toString().startsWith("no launcher is named 'sshh' (installed: local"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("doctor", "--python", python(), "--launcher", "local", "--launcher-property", "hots=secret"));
        assertTrue(err.toString().startsWith("launcher 'local' has no property 'hots'"), err.toString());
        assertFalse(err.toString().contains("secret"), err.toString());
    }

    private int run(String... args) {
        CommandLine command = PyBridgeCli.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private static String python() {
        return System.getProperty("pybridge.python", "python3");
    }
}
