package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.TestHosts;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One worker on a test host through the ssh launcher, and the ways a launch fails there, each said plainly. */
class SshLauncherIT {

    @TempDir
    Path folder;
    private TestHosts hosts;
    private String runHost;

    @BeforeEach
    void hosts() {
        hosts = TestHosts.require();
        runHost = "one-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void noWorkerLeft() {
        Await.until("no worker of this test runs on the hosts", 30, () -> TestHosts.workers(runHost).isEmpty());
    }

    private WorkerLauncher launcher(String... more) {
        Map<String, String> properties = new HashMap<>(hosts.launcherProperties(runHost));
        properties.put("hosts", hosts.hosts().get(1));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return LauncherCatalog.load().create("ssh", properties);
    }

    @Test
    void aBridgeServesFromTheHostItsWorkerWasSentTo() {
        try (SingleProcessBridge bridge = new SingleProcessBridge(TestingPython.config().build(), launcher())) {
            assertEquals(hosts.hosts().get(1), bridge.eval("__import__('os').environ['SSH_CONNECTION'].split()[2]"));
            assertEquals(2L, bridge.eval("1 + 1"));
        }
    }

    @Test
    void theProcessNamesItsHostAndEndsWithItsLink() throws Exception {
        WorkerLauncher launcher = launcher();
        LaunchSpec spec = new LaunchSpec("w-1", TestingPython.environment(), List.of("--worker-id", "w-1", "--run-id", "1-a"),
                Duration.ofSeconds(30), Optional.empty());
        WorkerProcess worker = launcher.launch(spec);
        try {
            assertEquals(hosts.hosts().get(1), worker.host());
            assertEquals(-1, worker.pid());
            // The ready frame's first bytes: a 4-byte length, then JSON.
            byte[] header = worker.stdout().readNBytes(5);
            assertEquals('{', header[4]);
            Await.until("the worker runs on the host", 30, () -> TestHosts.workers(runHost).size() == 1);
        }
        finally {
            worker.kill();
        }
        Await.until("the worker ends with its link", 30, () -> TestHosts.workers(runHost).isEmpty());
        assertTrue(worker.onExit().get() != 0);
    }

    @Test
    void aKeyTheHostDoesNotAcceptFailsTheStartWithSshsOwnWords() throws Exception {
        Path key = folder.resolve("stranger");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertEquals(0, keygen.waitFor());
        BridgeException failure = assertThrows(BridgeException.class,
                () -> new SingleProcessBridge(TestingPython.config().build(), launcher("identity", key.toString())).close());
        assertTrue(String.valueOf(failure).contains("Permission denied (publickey)"), failure::toString);
    }

    @Test
    void aHostWhoseKeyIsNotKnownIsRefused() throws IOException {
        Path empty = Files.createFile(folder.resolve("known_hosts"));
        BridgeException failure = assertThrows(BridgeException.class,
                () -> new SingleProcessBridge(TestingPython.config().build(), launcher("known-hosts", empty.toString())).close());
        assertTrue(String.valueOf(failure).contains("Host key verification failed"), failure::toString);
    }

    @Test
    void environmentVariablesAreRefusedRatherThanPutOnACommandLine() {
        PythonEnvironment python = TestingPython.environment().withVariable("OPENAI_API_KEY", "sk-secret-value");
        BridgeConfigurationException failure = assertThrows(BridgeConfigurationException.class,
                () -> launcher().launch(new LaunchSpec("w-1", python, List.of(), Duration.ofSeconds(5), Optional.empty())));
        assertTrue(failure.getMessage().contains("OPENAI_API_KEY"), failure.getMessage());
        assertTrue(!failure.getMessage().contains("sk-secret-value"), failure.getMessage());
    }
}
