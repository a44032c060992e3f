package dev.pybridge.testkit.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.testkit.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link PythonFaults#apply} changes in a configuration, without starting Python. */
class PythonFaultsTest {

    @TempDir
    Path temp;

    private final BridgeConfig config = BridgeConfig.builder()
            .python(PythonEnvironment.of("python3").withVariable("PYTHONPATH", "/opt/mine"))
            .extensions("mine.commands")
            .build();

    @Test
    void noFaultsLeaveTheConfigurationAndTheFolderAlone() {
        Path folder = temp.resolve("faults");
        assertSame(config, PythonFaults.apply(config, List.of(), folder));
        assertTrue(Files.notExists(folder));
    }

    @Test
    void theModuleIsUnpackedFirstOnThePathAndLoadedLast() throws Exception {
        Path folder = temp.resolve("faults");
        BridgeConfig faulty = PythonFaults.apply(config, List.of(Fault.crashOn("exec")), folder);
        assertEquals(List.of("mine.commands", PythonFaults.MODULE), faulty.extensions());
        assertEquals(folder.toAbsolutePath() + File.pathSeparator + "/opt/mine", faulty.python().environment().get("PYTHONPATH"));
        assertTrue(Files.readString(folder.resolve(PythonFaults.MODULE + ".py")).contains("def register(table"));
        assertEquals(config.callTimeout(), faulty.callTimeout());
    }

    @Test
    void configurationsShareAFolder() throws Exception {
        PythonFaults.apply(config, List.of(Fault.crashOn("exec")), temp);
        BridgeConfig other = PythonFaults.apply(BridgeConfig.defaults(), List.of(Fault.hangOn("eval")), temp);
        assertEquals(temp.toAbsolutePath().toString(), other.python().environment().get("PYTHONPATH").split(File.pathSeparator)[0]);
        try (var files = Files.list(temp)) {
            assertEquals(List.of(PythonFaults.MODULE + ".py"), files.map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void everyFaultReachesTheModuleAsJson() throws Exception {
        List<Fault> faults = List.of(Fault.crashOn("eval"), Fault.crashAfter(3), Fault.crashAfterReady(), Fault.hangOn("call"),
                Fault.garbageOn("exec"), Fault.dieDuringStartup(), Fault.floodStderr(7), Fault.slowAnswers(Duration.ofMillis(250)),
                Fault.forkChildAndDie("echo"));
        BridgeConfig faulty = PythonFaults.apply(config, faults, temp);
        List<?> json = new ObjectMapper().readValue(faulty.python().environment().get(PythonFaults.VARIABLE), List.class);
        assertEquals(List.of(
                Map.of("fault", "crash_on_command", "command", "eval"),
                Map.of("fault", "crash_after_calls", "calls", 3),
                Map.of("fault", "crash_after_ready"),
                Map.of("fault", "hang_on_command", "command", "call"),
                Map.of("fault", "garbage_on_command", "command", "exec"),
                Map.of("fault", "die_during_startup"),
                Map.of("fault", "flood_stderr", "lines", 7),
                Map.of("fault", "slow_answers", "seconds", 0.25),
                Map.of("fault", "fork_child_and_die", "command", "echo")), json);
    }

    @Test
    void faultsAreAppliedOnce() {
        BridgeConfig faulty = PythonFaults.apply(config, List.of(Fault.crashAfterReady()), temp);
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> PythonFaults.apply(faulty, List.of(Fault.crashOn("exec")), temp));
        assertTrue(twice.getMessage().contains("apply all the faults at once"), twice.getMessage());
    }

    @Test
    void nullsAreRefused() {
        List<Fault> withNull = new ArrayList<>(Arrays.asList(Fault.crashAfterReady(), null));
        assertThrows(NullPointerException.class, () -> PythonFaults.apply(config, withNull, temp));
        assertThrows(NullPointerException.class, () -> PythonFaults.apply(null, List.of(), temp));
        assertThrows(NullPointerException.class, () -> PythonFaults.apply(config, List.of(), null));
    }
}
