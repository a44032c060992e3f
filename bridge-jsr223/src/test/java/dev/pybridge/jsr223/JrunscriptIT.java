package dev.pybridge.jsr223;

import dev.pybridge.testing.TestingPython;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDK's own {@code jrunscript}, run as a user would run it, with the class path a user would
 * give it: bridge-api, bridge-core, bridge-jsr223, Jackson and the SLF4J API, nothing from the tests.
 */
@ExtendWith(NoProcessLeft.class)
class JrunscriptIT {

    private static final Pattern PID = Pattern.compile("worker pid (\\d+)");

    @TempDir
    Path folder;

    private Path jrunscript;

    @BeforeEach
    void findJrunscript() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        jrunscript = ProcessHandle.current().info().command().map(Path::of).map(Path::getParent)
                .map(bin -> bin.resolve("jrunscript")).filter(Files::isExecutable)
                .orElse(javaHome.resolve("bin").resolve("jrunscript"));
        Assumptions.assumeTrue(Files.isExecutable(jrunscript),
                "this JDK (" + javaHome + ") has no jrunscript: the tool is deprecated, and a JDK may leave it out");
    }

    @Test
    void evaluatesAnExpressionGivenWithE() throws Exception {
        Run run = run("", "-l", "cpython", "-e", "import os; print('worker pid', os.getpid()); print(6 * 7)");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().contains("42"), run.toString());
        run.awaitWorkerGone();
    }

    @Test
    void aScriptErrorExitsWith10AndNamesTheLine() throws Exception {
        Run run = run("", "-l", "python", "-e", "x = 1\nraise ValueError('bad ' + str(x))");
        assertEquals(10, run.exit(), run.toString());
        assertTrue(run.stderr().contains("ValueError: bad 1"), run.toString());
        assertTrue(run.stderr().contains("File \"<string>\", line 2"), run.toString());
        assertTrue(run.stderr().contains("in <string> at line number 2"), run.toString());
    }

    @Test
    void runsAFileWithItsArguments() throws Exception {
        Path script = folder.resolve("job.py");
        Files.writeString(script, "import os, sys\nprint('worker pid', os.getpid())\nprint('argv', sys.argv[1:])\n"
                + "print('file', __file__ == sys.argv[0])\n");
        Run run = run("", "-l", "cpython", "-f", script.toString(), "one", "twö");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().contains("argv ['one', 'twö']"), run.toString());
        assertTrue(run.stdout().contains("file True"), run.toString());
        run.awaitWorkerGone();

        Files.writeString(script, "def main():\n    return {}['missing']\n\nmain()\n");
        run = run("", "-l", "cpython", "-f", script.toString());
        assertEquals(10, run.exit(), run.toString());
        assertTrue(run.stderr().contains("KeyError: 'missing'"), run.toString());
        assertTrue(run.stderr().contains("in " + script + " at line number 2"), run.toString());
    }

    @Test
    void interactiveModeGathersBlocksUntilTheyAreComplete() throws Exception {
        String input = String.join("\n",
                "import os",
                "print('worker pid', os.getpid())",
                "def double(x):",
                "    y = x * 2",
                "    return y",
                "",
                "double(21)",
                "for i in range(2):",
                "    print('loop', i)",
                "",
                "def broken(:",
                "'still' + ' alive'",
                "");
        Run run = run(input, "-l", "cpython");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stderr().contains("cpython> "), "the prompt is the first name: " + run);
        assertTrue(run.stderr().contains("42"), run.toString());
        assertTrue(run.stdout().contains("loop 0\nloop 1\n"), run.toString());
        assertTrue(run.stderr().contains("SyntaxError"), run.toString());
        assertTrue(run.stderr().contains("still alive"), run.toString());
        run.awaitWorkerGone();
    }

    @Test
    void listsTheEngineWithItsLanguageVersion() throws Exception {
        Run run = run("", "-q");
        assertEquals(0, run.exit(), run.toString());
        String version = new PythonScriptEngineFactory().getLanguageVersion();
        assertTrue(version.matches("3\\.\\d+\\.\\d+"), version);
        assertTrue(run.stderr().contains("python " + version) && run.stderr().contains(PythonScriptEngineFactory.ENGINE_NAME),
                run.toString());
    }

    private Run run(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(jrunscript.toString(), "-cp", userClassPath()));
        command.addAll(List.of(args));
        Path out = folder.resolve("stdout.txt");
        Path err = folder.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PYBRIDGE_PYTHON", TestingPython.environment().executable());
        builder.environment().put("XDG_CACHE_HOME", Path.of("target", "xdg-cache").toAbsolutePath().toString());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("jrunscript did not finish within 120 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String userClassPath() throws URISyntaxException, ClassNotFoundException {
        List<String> entries = new ArrayList<>();
        // Jackson and HdrHistogram by name: this module does not read them, and only their jars are wanted here.
        for (Class<?> type : List.of(PythonBridge.class, SingleProcessBridge.class, PythonScriptEngineFactory.class,
                Class.forName("com.fasterxml.jackson.core.JsonFactory"), Class.forName("org.HdrHistogram.AbstractHistogram"),
                LoggerFactory.class)) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int exit, String stdout, String stderr) {

        /** The worker that printed its pid exits once jrunscript has: it leaves no orphan. */
        void awaitWorkerGone() throws Exception {
            Matcher pid = PID.matcher(stdout);
            assertTrue(pid.find(), "the script printed no worker pid: " + this);
            ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(worker -> worker.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false),
                    "the worker outlived jrunscript");
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
