package dev.pybridge.core.launch.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * The ssh command line that runs one remote command on one host. It holds paths and numbers, never a secret:
 * the key is a file's path, and whatever is secret reaches a worker inside frames, on ssh's encrypted stream.
 */
final class SshCommand {

    private SshCommand() {}

    static List<String> of(SshSettings settings, SshHost host, String remoteCommand) {
        List<String> command = new ArrayList<>(List.of(settings.ssh(), "-T",
                "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes",
                "-i", settings.identity().toString(),
                "-o", "ConnectTimeout=" + settings.connectTimeoutSeconds(),
                "-o", "ServerAliveInterval=" + settings.aliveIntervalSeconds(),
                "-o", "ServerAliveCountMax=" + settings.aliveCount(),
                // One connection per worker, whatever the user's ssh config says: killing this ssh must drop exactly
                // this worker's link, and no forwarding may ride on it.
                "-o", "ControlMaster=no",
                "-o", "ControlPath=none",
                "-o", "ForwardAgent=no",
                "-o", "ForwardX11=no",
                "-o", "ClearAllForwardings=yes",
                "-o", "PermitLocalCommand=no",
                "-o", "LogLevel=ERROR"));
        settings.knownHosts().ifPresentOrElse(
                file -> command.addAll(List.of("-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + file)),
                () -> command.addAll(List.of("-o", "StrictHostKeyChecking=accept-new")));
        host.port().ifPresent(port -> command.addAll(List.of("-p", Integer.toString(port))));
        command.addAll(List.of("--", host.destination(), remoteCommand));
        return command;
    }
}
