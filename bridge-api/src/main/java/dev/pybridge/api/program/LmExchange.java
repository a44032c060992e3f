package dev.pybridge.api.program;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * One call a program made to its LM: what was sent and what came back. Never holds the API key.
 *
 * @param programId the program that made it
 * @param model the model
 * @param timestamp when it was made
 * @param messages the chat messages sent (maps with {@code role} and {@code content}), if any
 * @param prompt the prompt sent, for a completion model
 * @param outputs the completions that came back
 * @param usage the tokens it used, when tracked
 * @param cost its cost in US dollars, when the provider reports one
 * @param worker the worker that made it
 * @since 0.2
 */
public record LmExchange(String programId, String model, Instant timestamp, List<Object> messages,
        Optional<String> prompt, List<Object> outputs, Optional<TokenUsage> usage, OptionalDouble cost, String worker) {

    public LmExchange {
        requireNonNull(programId, "programId is null");
        requireNonNull(model, "model is null");
        requireNonNull(timestamp, "timestamp is null");
        messages = List.copyOf(messages);
        requireNonNull(prompt, "prompt is null");
        outputs = List.copyOf(outputs);
        requireNonNull(usage, "usage is null");
        requireNonNull(cost, "cost is null");
        requireNonNull(worker, "worker is null");
    }
}
