package dev.pybridge.core.launch;

import dev.pybridge.api.error.PythonException;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path a remote worker takes, run on this machine: only an interpreter, the package sent down its stdin. */
@ExtendWith(NoProcessLeft.class)
class WorkerBootstrapIT {

    private static final String PYTHON = TestingPython.environment().executable();

    /** Runs the bootstrap command as a remote host would, from a folder where nothing of the worker lies. */
    private static final WorkerLauncher BOOTSTRAPPED = spec -> {
        WorkerBootstrap bootstrap = WorkerBootstrap.of(spec);
        try {
            Process process = new ProcessBuilder(bootstrap.command(PYTHON)).directory(new java.io.File("/")).start();
            bootstrap.sendBundle(process.getOutputStream());
            return WorkerProcess.of(process);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    };

    @Test
    void aWorkerStartedFromItsPackageOnStdinServesCallsAndReportsErrorsAtTheUsersCode() {
        try (SingleProcessBridge bridge = new SingleProcessBridge(TestingPython.config().build(), BOOTSTRAPPED)) {
            assertEquals(45L, bridge.eval("sum(range(10))"));
            assertEquals(Map.of("k", List.of(1L, "two")), bridge.call("echo", Map.of("value", Map.of("k", List.of(1L, "two")))));
            assertTrue(bridge.eval("__import__('pybridge.programs.values', fromlist=['x']).__name__").toString().endsWith("values"));
            PythonException error = assertThrows(PythonException.class, () -> bridge.exec("def f():\n    raise ValueError('no')\nf()"));
            assertEquals("ValueError", error.pythonType());
            assertFalse(error.traceback().orElseThrow().contains("pybridge-bundle"), error.traceback().orElseThrow());
        }
    }

    @Test
    void theCommandCarriesNoParentPidAndSurvivesAShellInSingleQuotes() throws Exception {
        LaunchSpec spec = new LaunchSpec("w-1", TestingPython.environment(),
                List.of("--worker-id", "w-1", "--parent-pid", "4242", "--run-id", "it's"), java.time.Duration.ofSeconds(5),
                java.util.Optional.empty());
        WorkerBootstrap bootstrap = WorkerBootstrap.of(spec);
        assertEquals(List.of(PYTHON, "-c", WorkerBootstrap.STAGE_ONE, "--worker-id", "w-1", "--run-id", "it's"), bootstrap.command(PYTHON));
        assertFalse(WorkerBootstrap.STAGE_ONE.contains("'"));
        Process shell = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + bootstrap.shellCommand(PYTHON)).start();
        String words = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
        assertEquals(String.join("\n", bootstrap.command(PYTHON)) + "\n", words);
        assertEquals(64, bootstrap.digest().length());
    }

    @Test
    void aDamagedPackageIsRefusedWithAMessage() throws Exception {
        LaunchSpec spec = new LaunchSpec("w-1", TestingPython.environment(), List.of("--worker-id", "w-1"),
                java.time.Duration.ofSeconds(5), java.util.Optional.empty());
        WorkerBootstrap bootstrap = WorkerBootstrap.of(spec);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        bootstrap.sendBundle(sent);
        byte[] damaged = sent.toByteArray();
        damaged[damaged.length - 100] ^= 0x55;
        Process process = new ProcessBuilder(bootstrap.command(PYTHON)).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(damaged);
        }
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(7, process.exitValue());
        assertEquals("pybridge: the worker package does not match its SHA-256: it was damaged on the way\n", stderr);
    }
}
