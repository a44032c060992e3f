package dev.pybridge.testkit.mock;

import dev.pybridge.api.program.AdapterStats;
import dev.pybridge.api.program.LmExchange;
import dev.pybridge.api.program.TokenUsage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the mock adapter has done: its executions and failures, the tokens by model, the last exchanges. */
final class MockLedger {

    private final int capacity;
    private final ArrayDeque<LmExchange> exchanges = new ArrayDeque<>();
    private final Map<String, TokenUsage> tokens = new HashMap<>();
    private long executions;
    private long failures;

    MockLedger(int capacity) {
        this.capacity = capacity;
    }

    synchronized void succeeded(LmExchange exchange) {
        executions++;
        exchange.usage().ifPresent(usage -> tokens.merge(exchange.model(), usage, TokenUsage::plus));
        if (exchanges.size() == capacity) {
            exchanges.removeFirst();
        }
        exchanges.addLast(exchange);
    }

    synchronized void failed() {
        failures++;
    }

    /** The last {@code n} exchanges, oldest first. */
    synchronized List<LmExchange> last(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        List<LmExchange> all = new ArrayList<>(exchanges);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }

    synchronized AdapterStats stats(int programs) {
        return new AdapterStats(programs, executions, failures, tokens);
    }
}
