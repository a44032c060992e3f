package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import dev.pybridge.api.Call;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.RestartPolicy;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers that break the rules, played by small Python scripts speaking the framing by hand. A bad
 * worker that gets ready is the first one its bridge launches, and the replacement a real worker,
 * so those tests also show that the bridge recovers; one that never gets ready is launched every
 * time, under a restart policy that gives up at the first failure, so that its error surfaces.
 */
@ExtendWith(NoProcessLeft.class)
class MisbehavingWorkerIT {

    private static final String PRELUDE = String.join("\n",
            "import json, os, struct, sys",
            "out = sys.stdout.buffer",
            "def send(obj):",
            "    data = json.dumps(obj).encode()",
            "    out.write(struct.pack('>I', len(data)) + data)",
            "    out.flush()",
            "def read():",
            "    header = sys.stdin.buffer.read(4)",
            "    if len(header) < 4:",
            "        sys.exit(0)",
            "    return json.loads(sys.stdin.buffer.read(struct.unpack('>I', header)[0]))",
            "def ready():",
            "    send({'id': 0, 'success': True, 'result': {'ready': True, 'pid': os.getpid(), 'python': '3',",
            "          'protocol': 2, 'threads': 1, 'commands': []}})",
            "");

    @Test
    void anOversizedFrameFailsTheCallNamingItsLength() {
        assertFirstCallFails(ProtocolException.class, "frame of 4294967295 bytes exceeds the maximum of 65536 bytes",
                "ready()\nread()\nout.write(b'\\xff\\xff\\xff\\xff')\nout.flush()\nread()");
    }

    @Test
    void aTruncatedFrameFailsTheCallNamingItsLength() {
        assertFirstCallFails(ProtocolException.class, "stream ended inside a frame of 100 bytes after 10 of them",
                "ready()\nread()\nout.write(struct.pack('>I', 100) + b'0123456789')\nout.flush()\nos._exit(1)");
    }

    @Test
    void aReplyThatIsNotJsonFailsTheCall() {
        assertFirstCallFails(ProtocolException.class, "undecodable reply of 8 bytes",
                "ready()\nread()\nout.write(struct.pack('>I', 8) + b'not json')\nout.flush()\nread()");
    }

    @Test
    void aReplyWithABrokenValueFailsOnlyItsCall() {
        try (SingleProcessBridge python = bridge("ready()\nwhile True:\n    request = read()\n"
                + "    if request['command'] == 'echo':\n"
                + "        send({'id': request['id'], 'success': True, 'result': {'__pybridge__': 'bogus', 'value': 1}})\n"
                + "    else:\n"
                + "        send({'id': request['id'], 'success': True, 'result': 'fine'})", TestingPython.config())) {
            ProtocolException error = assertThrows(ProtocolException.class, () -> python.call(Call.echo(1)));
            assertTrue(error.getMessage().contains("unknown or malformed tag bogus"), error.getMessage());
            assertEquals("fine", python.eval("1"), "the same worker keeps serving");
            assertEquals(0, python.status().crashes());
        }
    }

    @Test
    void aWorkerOfAnotherProtocolVersionIsRefusedNamingBoth() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class, () -> neverReady(
                "send({'id': 0, 'success': True, 'result': {'ready': True, 'pid': os.getpid(), 'python': '3', 'protocol': 1,"
                        + " 'threads': 1, 'commands': []}})\nread()", TestingPython.config()));
        assertTrue(error.getMessage().contains("speaks protocol 1 but this bridge speaks 2"), error.getMessage());
    }

    @Test
    void printingToStdoutBeforeTheReadyFrameIsExplained() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> neverReady("print('hello from sitecustomize')\nready()\nread()", TestingPython.config()));
        assertTrue(error.getMessage().contains("wrote \"hello from sitecustomize"), error.getMessage());
        assertTrue(error.getMessage().contains("to stdout before the worker's ready frame"), error.getMessage());
        assertTrue(error.getMessage().contains("a sitecustomize or usercustomize module, a .pth file"), error.getMessage());
    }

    @Test
    void aWorkerThatDiesDuringStartUpShowsItsStderr() {
        BridgeConfigurationException error = assertThrows(BridgeConfigurationException.class,
                () -> neverReady("sys.stderr.write(\"ModuleNotFoundError: No module named 'numpy'\\n\")\nsys.exit(3)",
                        TestingPython.config()));
        assertTrue(error.getMessage().contains("exited with exit code 3 before the worker was ready"), error.getMessage());
        assertTrue(error.getMessage().contains("No module named 'numpy'"), error.getMessage());
    }

    @Test
    void aWorkerThatNeverGetsReadyTimesOut() {
        WorkerStartupException error = assertThrows(WorkerStartupException.class,
                () -> neverReady("sys.stdin.read()", TestingPython.config().startupTimeout(Duration.ofMillis(700))));
        assertTrue(error.getMessage().contains("sent no ready frame within 700 ms"), error.getMessage());
    }

    @Test
    void anEagerBridgeRetriesAStartThatWasKilled() {
        try (SingleProcessBridge python = bridge("os.kill(os.getpid(), 9)", TestingPython.config())) {
            assertEquals(2L, python.eval("1 + 1"));
            assertEquals(1, python.status().workersStarted(), "the second start, a real worker, is the one that serves");
        }
    }

    private static void assertFirstCallFails(Class<? extends BridgeException> type, String message, String script) {
        try (SingleProcessBridge python = bridge(script, TestingPython.config().maxFrameBytes(65536))) {
            BridgeException error = assertThrows(type, () -> python.eval("1"));
            assertTrue(error.getMessage().contains(message), error.getMessage());
            assertEquals(2L, python.eval("1 + 1"), "a real worker replaced the bad one");
        }
    }

    private static SingleProcessBridge bridge(String script, BridgeConfig.Builder config) {
        return new SingleProcessBridge(config.build(), firstLaunchRuns(PRELUDE + script));
    }

    // Every launch runs the script, and the first failed start opens the circuit: the bridge's constructor throws its error.
    private static SingleProcessBridge neverReady(String script, BridgeConfig.Builder config) {
        return new SingleProcessBridge(config.restartPolicy(RestartPolicy.defaults().withMaxRestarts(0)).build(),
                spec -> scripted(spec, PRELUDE + script));
    }

    /** Launches {@code script} the first time, real workers afterwards. */
    private static WorkerLauncher firstLaunchRuns(String script) {
        AtomicBoolean used = new AtomicBoolean();
        LocalProcessLauncher real = new LocalProcessLauncher();
        return spec -> used.compareAndSet(false, true) ? scripted(spec, script) : real.launch(spec);
    }

    private static WorkerProcess scripted(LaunchSpec spec, String script) {
        try {
            return WorkerProcess.of(new ProcessBuilder(spec.python().executable(), "-c", script).start());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
