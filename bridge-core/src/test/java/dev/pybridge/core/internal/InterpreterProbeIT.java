package dev.pybridge.core.internal;

import dev.pybridge.api.config.PythonEnvironment;
import dev.pybridge.testing.NoProcessLeft;
import dev.pybridge.testing.Processes;
import dev.pybridge.testing.TestingPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoProcessLeft.class)
class InterpreterProbeIT {

    @TempDir
    Path folder;

    @Test
    void tellsTheVersion() {
        Optional<String> version = InterpreterProbe.version(TestingPython.environment(), Duration.ofSeconds(30));
        assertTrue(version.orElseThrow().matches("3\\.\\d+\\.\\d+"), version.toString());
    }

    @Test
    void aWrapperThatHangsIsGivenUpWithWhatItStarted() throws IOException {
        Path child = folder.resolve("child");
        Path python = folder.resolve("hanging-python");
        Files.writeString(python, "#!/bin/sh\nsleep 300 &\necho $! > '" + child + "'\nwait\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.empty(), InterpreterProbe.version(PythonEnvironment.of(python), Duration.ofSeconds(1)));
        long sleeper = Long.parseLong(Files.readString(child).strip());
        Processes.awaitGone(sleeper);
        assertFalse(Processes.running(sleeper));
    }
}
