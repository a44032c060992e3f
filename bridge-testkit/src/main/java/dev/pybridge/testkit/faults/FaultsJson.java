package dev.pybridge.testkit.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pybridge.testkit.Fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The faults as the Python fault module reads them: a JSON list of {@code {"fault": "<kind>", ...}} objects. */
final class FaultsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultsJson() {}

    static String of(List<Fault> faults) {
        try {
            return JSON.writeValueAsString(faults.stream().map(FaultsJson::entry).toList());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write faults as JSON: " + faults, e);
        }
    }

    // Java 17 has no pattern switch: the chain ends in an error, so a new kind of fault cannot be skipped silently.
    private static Map<String, Object> entry(Fault fault) {
        if (fault instanceof Fault.CrashOnCommand crash) {
            return entry("crash_on_command", "command", crash.command());
        }
        if (fault instanceof Fault.CrashAfterCalls crash) {
            return entry("crash_after_calls", "calls", crash.calls());
        }
        if (fault instanceof Fault.CrashAfterReady) {
            return entry("crash_after_ready");
        }
        if (fault instanceof Fault.HangOnCommand hang) {
            return entry("hang_on_command", "command", hang.command());
        }
        if (fault instanceof Fault.GarbageOnCommand garbage) {
            return entry("garbage_on_command", "command", garbage.command());
        }
        if (fault instanceof Fault.DieDuringStartup) {
            return entry("die_during_startup");
        }
        if (fault instanceof Fault.FloodStderr flood) {
            return entry("flood_stderr", "lines", flood.lines());
        }
        if (fault instanceof Fault.SlowAnswers slow) {
            return entry("slow_answers", "seconds", slow.delay().toNanos() / 1e9);
        }
        if (fault instanceof Fault.ForkChildAndDie fork) {
            return entry("fork_child_and_die", "command", fork.command());
        }
        throw new IllegalArgumentException("the Python fault module cannot inject " + fault);
    }

    private static Map<String, Object> entry(String kind) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("fault", kind);
        return entry;
    }

    private static Map<String, Object> entry(String kind, String name, Object value) {
        Map<String, Object> entry = entry(kind);
        entry.put(name, value);
        return entry;
    }
}
