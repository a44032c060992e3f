package dev.pybridge.core.launch.ssh;

import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.core.launch.LauncherCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshSettingsTest {

    @TempDir
    Path folder;
    private Path key;
    private Path knownHosts;

    @BeforeEach
    void files() throws IOException {
        key = folder.resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        knownHosts = folder.resolve("known_hosts");
        Files.writeString(knownHosts, "");
    }

    private Map<String, String> properties(String... more) {
        Map<String, String> properties = new HashMap<>(Map.of("hosts", "gpu1,deploy@gpu2:2222*3,[fd00::7]:22",
                "identity", key.toString(), "known-hosts", knownHosts.toString(), "run-host", "build-1"));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return properties;
    }

    private static SshSettings create(Map<String, String> properties) {
        return ((SshLauncher) LauncherCatalog.load().create("ssh", properties)).settings();
    }

    // The message of the configuration error, which must contain each of the parts.
    private static String refused(Map<String, String> properties, String... parts) {
        String message = assertThrows(BridgeConfigurationException.class, () -> create(properties)).getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' is not in: " + message);
        }
        return message;
    }

    @Test
    void readsHostsWithUserPortAndCapacityAndFillsTheDefaults() {
        SshSettings settings = create(properties());
        assertEquals(List.of(new SshHost(Optional.empty(), "gpu1", OptionalInt.empty(), 4),
                new SshHost(Optional.of("deploy"), "gpu2", OptionalInt.of(2222), 3),
                new SshHost(Optional.empty(), "[fd00::7]", OptionalInt.of(22), 4)), settings.hosts());
        assertEquals("gpu2:2222", settings.hosts().get(1).name());
        assertEquals("deploy@gpu2", settings.hosts().get(1).destination());
        assertEquals("fd00::7", settings.hosts().get(2).destination());
        assertEquals("python3", settings.python());
        assertEquals(20, settings.deadLinkSeconds());
        assertEquals(Optional.of(knownHosts), settings.knownHosts());
        assertEquals(Optional.empty(), create(properties("known-hosts", "accept-new")).knownHosts());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gpu1,", "-oProxyCommand=touch_x", "gpu1:0", "gpu1:70000", "user@", "@gpu1", "gpu1*0",
            "gpu 1", "gpu1;reboot", "gpu1,gpu1", "-l@gpu1"})
    void refusesBadHostsNamingTheKeyAndTheForm(String hosts) {
        refused(properties("hosts", hosts), "'hosts'");
    }

    @Test
    void aMissingKeyFileSaysHowToMakeOne() {
        refused(properties("identity", folder.resolve("nope").toString()), "'identity'", "does not exist", "ssh-keygen");
    }

    @Test
    void aPublicKeyInPlaceOfThePrivateOneIsNamed() throws IOException {
        Path pub = folder.resolve("id_ed25519.pub");
        Files.writeString(pub, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake test\n");
        refused(properties("identity", pub.toString()), "'identity'", "public half");
    }

    @Test
    void aKeyOthersMayReadIsRefusedWithTheChmodThatFixesIt() throws IOException {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        refused(properties(), "'identity'", "chmod 600");
    }

    @Test
    void aFolderInPlaceOfTheKeyIsNamed() throws IOException {
        Path dir = Files.createDirectory(folder.resolve("a-folder"));
        refused(properties("identity", dir.toString()), "'identity'", "not a readable file");
    }

    @Test
    void aMissingKnownHostsFileOffersAcceptNew() {
        refused(properties("known-hosts", folder.resolve("none").toString()), "'known-hosts'", "ssh-keyscan", "accept-new");
    }

    @Test
    void requiredPropertiesAreNamedWhenMissing() {
        Map<String, String> noIdentity = properties();
        noIdentity.remove("identity");
        refused(noIdentity, "'identity' is missing");
        Map<String, String> noHosts = properties();
        noHosts.remove("hosts");
        refused(noHosts, "'hosts' is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"capacity", "connect-timeout", "alive-interval", "alive-count"})
    void numbersMustBeWholeAndPositive(String key) {
        for (String bad : List.of("0", "-1", "two", "1.5")) {
            assertFalse(refused(properties(key, bad), "'" + key + "'", "at least 1").contains("'" + bad + "'"));
        }
    }

    @Test
    void pythonRunHostAndSshAreChecked() {
        refused(properties("python", "python3; rm -rf /"), "'python'");
        refused(properties("python", "-c"), "'python'");
        refused(properties("run-host", "a b"), "'run-host'");
        refused(properties("ssh", folder.resolve("no-ssh").toString()), "'ssh'", "openssh-client");
        assertEquals("/opt/venv/bin/python3.12", create(properties("python", "/opt/venv/bin/python3.12")).python());
    }

    @Test
    void withoutRunHostItIsThisMachinesName() {
        Map<String, String> properties = properties();
        properties.remove("run-host");
        assertEquals(LocalHostName.get(), create(properties).runHost());
        assertFalse(LocalHostName.get().isBlank());
    }
}
