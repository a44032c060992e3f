package dev.pybridge.micrometer;

import dev.pybridge.api.error.ErrorCategory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static java.util.Objects.requireNonNull;

/**
 * The call timers in one registry, one per command tag and outcome, registered when first needed
 * and then found without a registry look-up, since a call's completion is on the bridge's own
 * thread.
 */
final class CallTimers {

    // Outcome 0 is success; outcome 1 + ordinal is a failure of that category.
    private static final int OUTCOMES = ErrorCategory.values().length + 1;

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<String, AtomicReferenceArray<Timer>> byCommand = new ConcurrentHashMap<>();

    CallTimers(MeterRegistry registry, Tags tags) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tags = requireNonNull(tags, "tags is null");
    }

    void record(String command, Optional<ErrorCategory> error, long nanos) {
        AtomicReferenceArray<Timer> timers = byCommand.computeIfAbsent(command, key -> new AtomicReferenceArray<>(OUTCOMES));
        int outcome = error.isPresent() ? error.get().ordinal() + 1 : 0;
        Timer timer = timers.get(outcome);
        if (timer == null) {
            // Two threads may both register: the registry gives both the same timer.
            timer = Timer.builder(MeterNames.CALLS)
                    .description("Calls from submission to result, by command and outcome")
                    .tags(tags)
                    .tag(MeterNames.COMMAND, command)
                    .tag(MeterNames.OUTCOME, outcome(error))
                    .register(registry);
            timers.set(outcome, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String outcome(Optional<ErrorCategory> error) {
        return error.map(category -> category.name().toLowerCase(Locale.ROOT)).orElse(MeterNames.OK);
    }
}
