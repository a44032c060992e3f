package dev.pybridge.cli.bench;

import dev.pybridge.testing.Await;
import dev.pybridge.testing.TestHosts;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote round trip measured on a test host: both sides timed, and nothing left running. */
class RemoteRoundTripIT {

    @Test
    void measuresTheCallAndTheLinkToTheSameHost() throws Exception {
        TestHosts hosts = TestHosts.require();
        String runHost = "rtt-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> properties = hosts.launcherProperties(runHost);
        RemoteRoundTrip.Result result = RemoteRoundTrip.measure(TestingPython.config().build(), properties, 50);
        System.out.println(result.describe());
        assertEquals(hosts.hosts().get(0), result.host());
        assertEquals(50, result.rounds());
        assertTrue(result.callP50Micros() > 0 && result.linkP50Micros() > 0, result::describe);
        assertTrue(result.callP99Micros() >= result.callP50Micros() && result.linkP99Micros() >= result.linkP50Micros(), result::describe);
        Await.until("the measured worker ended", 30, () -> TestHosts.workers(runHost).isEmpty());
    }

    @Test
    void theEchoLinkUsesTheLaunchersKeyKnownHostsAndPort() {
        Map<String, String> properties = Map.of("identity", "/k/id", "known-hosts", "/k/known");
        assertEquals(List.of("ssh", "-T", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", "/k/id", "-o", "ControlPath=none",
                        "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=/k/known", "-p", "2222", "--", "u@gpu1", "cat"),
                RemoteRoundTrip.linkCommand(properties, "u@gpu1:2222*2"));
        assertTrue(RemoteRoundTrip.linkCommand(Map.of("identity", "/k/id", "known-hosts", "accept-new"), "[fd00::1]")
                .containsAll(List.of("StrictHostKeyChecking=accept-new", "fd00::1")));
    }
}
