package dev.pybridge.cli;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LaunchSpec;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The doctor's check of each host of a launcher, with real workers on this machine standing in for two hosts. */
class HostChecksIT {

    private static final BridgeConfig CONFIG = BridgeConfig.builder().python(System.getProperty("pybridge.python", "python3")).build();

    @Test
    void eachHostIsStartedOnAndAFailingOneIsNamedWithItsReason() {
        WorkerLauncher twoHosts = new WorkerLauncher() {
            private final LocalProcessLauncher local = new LocalProcessLauncher();

            @Override
            public WorkerProcess launch(LaunchSpec spec) {
                throw new AssertionError("the doctor starts on each host by name");
            }

            @Override
            public List<String> hosts() {
                return List.of("good", "unreachable");
            }

            @Override
            public WorkerProcess launchOn(String host, LaunchSpec spec) {
                if (host.equals("unreachable")) {
                    throw new BridgeConfigurationException("ssh: connect to host unreachable port 22: No route to host\nmore");
                }
                return local.launch(spec);
            }
        };
        List<HostChecks.HostCheck> checks = HostChecks.run(CONFIG, twoHosts);
        assertEquals(2, checks.size());
        assertTrue(checks.get(0).ok(), checks.toString());
        assertTrue(checks.get(0).worker().orElseThrow().ready().python().startsWith("3."), checks.toString());
        assertFalse(checks.get(1).ok());
        assertEquals("unreachable", checks.get(1).host());
        assertEquals("ssh: connect to host unreachable port 22: No route to host", checks.get(1).failure().orElseThrow());
    }
}
