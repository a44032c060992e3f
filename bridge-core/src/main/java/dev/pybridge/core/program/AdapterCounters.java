package dev.pybridge.core.program;

import dev.pybridge.api.program.AdapterStats;
import dev.pybridge.api.program.TokenUsage;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What an adapter counts: executions, failures, and tokens by model. */
final class AdapterCounters {

    private final LongAdder executions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Map<String, TokenUsage> tokens = new HashMap<>();

    void succeeded(Map<String, TokenUsage> usage) {
        executions.increment();
        synchronized (tokens) {
            usage.forEach((model, used) -> tokens.merge(model, used, TokenUsage::plus));
        }
    }

    void failed() {
        failures.increment();
    }

    AdapterStats snapshot(int programs) {
        synchronized (tokens) {
            return new AdapterStats(programs, executions.sum(), failures.sum(), tokens);
        }
    }
}
