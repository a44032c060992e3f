package dev.pybridge.api.program;

import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * What an adapter has done since it was created.
 *
 * @param programs the programs it holds now
 * @param executions the executions that completed, each input of a batch counted
 * @param failures the executions that failed
 * @param tokensByModel the tokens used, by model, where usage is tracked
 * @since 0.2
 */
public record AdapterStats(int programs, long executions, long failures, Map<String, TokenUsage> tokensByModel) {

    public AdapterStats {
        if (programs < 0 || executions < 0 || failures < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        tokensByModel = Map.copyOf(new TreeMap<>(requireNonNull(tokensByModel, "tokensByModel is null")));
    }
}
