package dev.pybridge.pool;

import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An API key reaches no log line, exception message, stack trace or {@code toString}, through crashes and replays. */
@ExtendWith(NoProcessLeft.class)
class ApiKeyIT {

    @Test
    void theKeyAppearsNowhereInAJvmsOutputAtTheFinestLogLevel() throws Exception {
        List<String> lines;
        try (ChildJvm child = ChildJvm.startWithLog(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=trace"), SecretChild.class)) {
            lines = child.awaitAllLines(Duration.ofSeconds(120));
        }
        String output = String.join("\n", lines);

        assertEquals("done", lines.get(lines.size() - 1), output);
        assertTrue(output.contains("DEBUG") || output.contains("TRACE"), "the log was on at the finest level: " + output);
        assertTrue(output.contains("died with signal 9"), "the crashes were logged: " + output);
        assertEquals(2, lines.stream().filter(line -> line.startsWith("failure: ")).count(), output);
        assertTrue(lines.stream().filter(line -> line.startsWith("failure: ")).allMatch(line -> line.contains("***")),
                "each failure shows where the key was: " + output);
        assertTrue(output.contains("ApiKey[***]"), output);
        assertFalse(output.contains(SecretChild.KEY), output);
    }
}
