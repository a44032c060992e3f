package dev.pybridge.api.program;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What a program is: a {@link Signature}, the DSPy module that runs it, and that module's options.
 *
 * <pre>{@code
 * ProgramSpec spec = ProgramSpec.chainOfThought("question -> answer").withId("qa");
 * ProgramSpec agent = ProgramSpec.react(Signature.parse("question -> answer"), List.of("tools.search:lookup"), 5);
 * }</pre>
 *
 * @param id the program's id, unique within its adapter; none: the adapter names it
 * @param signature the program's inputs and outputs
 * @param kind the module
 * @param options the module's options, by their DSPy names ({@code max_iters}, {@code n}, ...)
 * @since 0.2
 */
public record ProgramSpec(Optional<String> id, Signature signature, ModuleKind kind, Map<String, Object> options) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z_][\\w.]*:[A-Za-z_][\\w.]*");

    public ProgramSpec {
        requireNonNull(id, "id is null");
        id.ifPresent(ProgramSpec::requireId);
        requireNonNull(signature, "signature is null");
        requireNonNull(kind, "kind is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
        requireOptions(kind, options);
    }

    /** {@code dspy.Predict} over {@code signature}. */
    public static ProgramSpec predict(Signature signature) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.PREDICT, Map.of());
    }

    /** {@code dspy.Predict} over a signature in DSPy's string form, such as {@code "question -> answer"}. */
    public static ProgramSpec predict(String signature) {
        return predict(Signature.parse(signature));
    }

    /** {@code dspy.ChainOfThought} over {@code signature}; the reasoning comes back with each prediction. */
    public static ProgramSpec chainOfThought(Signature signature) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.CHAIN_OF_THOUGHT, Map.of());
    }

    /** {@code dspy.ChainOfThought} over a signature in DSPy's string form. */
    public static ProgramSpec chainOfThought(String signature) {
        return chainOfThought(Signature.parse(signature));
    }

    /**
     * {@code dspy.ReAct} over {@code signature}, with {@code tools} (Python callables named
     * {@code module:function}, imported by the worker) and at most {@code maxIters} steps.
     */
    public static ProgramSpec react(Signature signature, List<String> tools, int maxIters) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.REACT,
                Map.of("tools", List.copyOf(tools), "max_iters", maxIters));
    }

    /** {@code m} chain-of-thought attempts compared by {@code dspy.MultiChainComparison}. */
    public static ProgramSpec multiChainComparison(Signature signature, int m) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.MULTI_CHAIN_COMPARISON, Map.of("m", m));
    }

    /**
     * {@code dspy.BestOfN}: up to {@code n} attempts; {@code reward} ({@code module:function},
     * called with the inputs and a prediction, returning a float) picks the best, and an attempt
     * scoring at least {@code threshold} ends the search.
     */
    public static ProgramSpec bestOfN(Signature signature, String reward, int n, double threshold) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.BEST_OF_N,
                Map.of("reward", reward, "n", n, "threshold", threshold));
    }

    /** {@code dspy.Refine}: as {@link #bestOfN}, each attempt given feedback on the one before. */
    public static ProgramSpec refine(Signature signature, String reward, int n, double threshold) {
        return new ProgramSpec(Optional.empty(), signature, ModuleKind.REFINE,
                Map.of("reward", reward, "n", n, "threshold", threshold));
    }

    /** This spec with the id {@code value}: letters, digits, {@code _ . -}, at most 128. */
    public ProgramSpec withId(String value) {
        return new ProgramSpec(Optional.of(value), signature, kind, options);
    }

    private static void requireId(String value) {
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException("program id must be 1 to 128 letters, digits, '_', '.' or '-', "
                    + "starting with a letter or digit: '" + value + "'");
        }
    }

    private static void requireOptions(ModuleKind kind, Map<String, Object> options) {
        Set<String> allowed = switch (kind) {
            case PREDICT, CHAIN_OF_THOUGHT -> Set.of();
            case REACT -> Set.of("tools", "max_iters");
            case MULTI_CHAIN_COMPARISON -> Set.of("m");
            case BEST_OF_N, REFINE -> Set.of("reward", "n", "threshold");
        };
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(kind.wireName() + " takes no option '" + key + "'"
                        + (allowed.isEmpty() ? "" : ": its options are " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
        switch (kind) {
            case REACT -> {
                Object tools = options.get("tools");
                if (!(tools instanceof List<?> list) || list.isEmpty()
                        || !list.stream().allMatch(tool -> tool instanceof String name && TARGET.matcher(name).matches())) {
                    throw new IllegalArgumentException("react needs tools: a non-empty list of Python targets such as "
                            + "\"mypackage.tools:search\": " + tools);
                }
                requireInt(kind, options, "max_iters", 1, 100, false);
            }
            case MULTI_CHAIN_COMPARISON -> requireInt(kind, options, "m", 2, 20, false);
            case BEST_OF_N, REFINE -> {
                Object reward = options.get("reward");
                if (!(reward instanceof String target && TARGET.matcher(target).matches())) {
                    throw new IllegalArgumentException(kind.wireName() + " needs reward: a Python target such as "
                            + "\"mypackage.rewards:score\", called with the inputs and a prediction: " + reward);
                }
                requireInt(kind, options, "n", 1, 100, true);
                Object threshold = options.get("threshold");
                if (threshold != null && !(threshold instanceof Double || threshold instanceof Float)) {
                    throw new IllegalArgumentException(kind.wireName() + " threshold must be a number: " + threshold);
                }
            }
            default -> { }
        }
    }

    private static void requireInt(ModuleKind kind, Map<String, Object> options, String key, int min, int max, boolean required) {
        Object value = options.get(key);
        if (value == null && !required) {
            return;
        }
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw new IllegalArgumentException(kind.wireName() + " " + key + " must be an integer between " + min
                    + " and " + max + ": " + value);
        }
    }
}
