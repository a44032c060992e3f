package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.WorkerBootstrap;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshCommandTest {

    private static final SshHost HOST = new SshHost(Optional.of("deploy"), "gpu2", OptionalInt.of(2222), 2);

    private static SshSettings settings(Optional<Path> knownHosts) {
        return new SshSettings(List.of(HOST), Path.of("/etc/pybridge/id_ed25519"), knownHosts, "python3", 10, 5, 3, "ssh", "build-1");
    }

    @Test
    void batchModeWithTheKeyTheKnownHostsAndTheAliveChecksThenTheHostThenTheCommand() {
        List<String> command = SshCommand.of(settings(Optional.of(Path.of("/etc/pybridge/known_hosts"))), HOST, "REMOTE");
        assertEquals(List.of("ssh", "-T"), command.subList(0, 2));
        assertEquals(List.of("-p", "2222", "--", "deploy@gpu2", "REMOTE"), command.subList(command.size() - 5, command.size()));
        String line = String.join(" ", command);
        for (String option : List.of("-o BatchMode=yes", "-i /etc/pybridge/id_ed25519", "-o IdentitiesOnly=yes",
                "-o StrictHostKeyChecking=yes", "-o UserKnownHostsFile=/etc/pybridge/known_hosts", "-o ServerAliveInterval=5",
                "-o ServerAliveCountMax=3", "-o ConnectTimeout=10", "-o ControlPath=none", "-o ForwardAgent=no")) {
            assertTrue(line.contains(option), option);
        }
        List<String> acceptNew = SshCommand.of(settings(Optional.empty()), HOST, "REMOTE");
        assertTrue(acceptNew.contains("StrictHostKeyChecking=accept-new"));
        assertTrue(acceptNew.stream().noneMatch(word -> word.startsWith("UserKnownHostsFile")));
    }

    @Test
    void theCommandLineHoldsPathsAndOptionsOnly() {
        LaunchSpec spec = new LaunchSpec("w-1", PythonEnvironment.defaults(),
                List.of("--worker-id", "w-1", "--run-id", "1-a", "--parent-pid", "1", "--threads", "1"), Duration.ofSeconds(5), Optional.empty());
        String remote = WorkerBootstrap.of(spec).shellCommand("python3");
        String line = String.join(" ", SshCommand.of(settings(Optional.empty()), HOST, remote));
        // The key is named by its path, never read onto the line; secrets (API keys) travel in frames, and the
        // launcher refuses environment variables rather than put them here (SshLauncherIT).
        assertTrue(line.contains("-i /etc/pybridge/id_ed25519"));
        assertFalse(line.contains("PRIVATE KEY"));
        assertFalse(line.contains("--parent-pid"));
        assertTrue(line.endsWith("'--worker-id' 'w-1' '--run-id' '1-a' '--threads' '1'"), line);
    }

    @Test
    void remoteArgumentsAreQuotedForTheRemoteShell() {
        assertEquals("'w-1'", RemoteWorkers.quoted("w-1"));
        assertEquals("'it'\\''s; rm -rf ~'", RemoteWorkers.quoted("it's; rm -rf ~"));
    }
}
