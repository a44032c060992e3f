package dev.pybridge.cli;

import dev.pybridge.cli.measure.Latencies;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyBridgeCliTest {

    @Test
    void helpListsTheCommands() {
        StringWriter out = new StringWriter();
        int exit = PyBridgeCli.commandLine().setOut(new PrintWriter(out, true)).execute("--help");
        assertEquals(0, exit);
        assertTrue(out.toString().contains("demo"), out.toString());
        assertTrue(out.toString().contains("doctor"), out.toString());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = PyBridgeCli.commandLine().setErr(new PrintWriter(err, true)).execute("nonsense");
        assertEquals(2, exit);
        assertTrue(err.toString().contains("Unmatched argument"), err.toString());
    }

    @Test
    void latenciesUseTheNearestRank() {
        Latencies latencies = new Latencies(new long[] {5_000, 1_000, 3_000, 2_000, 4_000});
        assertEquals(3, latencies.percentileMicros(50));
        assertEquals(5, latencies.percentileMicros(99));
        assertEquals(1, latencies.percentileMicros(1));
    }
}
