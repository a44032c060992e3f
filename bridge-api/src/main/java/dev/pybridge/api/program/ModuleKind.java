package dev.pybridge.api.program;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The DSPy module a program runs its signature through.
 *
 * @since 0.2
 */
public enum ModuleKind {

    /** {@code dspy.Predict}: one LM call that fills the outputs. */
    PREDICT("predict"),
    /** {@code dspy.ChainOfThought}: the LM reasons first; the reasoning is {@link Prediction#reasoning()}. */
    CHAIN_OF_THOUGHT("chain_of_thought"),
    /** {@code dspy.ReAct}: the LM calls tools (Python {@code module:function} targets) in a loop of at most {@code max_iters} steps. */
    REACT("react"),
    /** {@code dspy.MultiChainComparison}: {@code m} chain-of-thought attempts, compared into one answer. */
    MULTI_CHAIN_COMPARISON("multi_chain_comparison"),
    /** {@code dspy.BestOfN}: up to {@code n} attempts, the best by a reward function, stopping at its threshold. */
    BEST_OF_N("best_of_n"),
    /** {@code dspy.Refine}: as best-of-n, each attempt given feedback on the one before. */
    REFINE("refine");

    private final String wireName;

    ModuleKind(String wireName) {
        this.wireName = wireName;
    }

    /** The kind's name in DSPy's and the worker's terms, such as {@code chain_of_thought}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The kind named {@code name} ({@code chain_of_thought}, or the constant's name).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ModuleKind fromName(String name) {
        for (ModuleKind kind : values()) {
            if (kind.wireName.equals(name) || kind.name().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown module kind '" + name + "': known kinds are "
                + Arrays.stream(values()).map(ModuleKind::wireName).collect(Collectors.joining(", ")));
    }
}
