package dev.pybridge.api.program;

/**
 * What an adapter may or may not support, beyond creating and executing programs.
 *
 * @since 0.2
 */
public enum AdapterFeature {
    /** {@link Adapter#executeBatch} runs the inputs side by side, on several workers. */
    PARALLEL_BATCH,
    /** {@link Adapter#saveProgram} and {@link Adapter#loadProgram}. */
    PERSISTENCE,
    /** {@link Adapter#history} holds the LM exchanges. */
    HISTORY,
    /** Predictions carry the tokens each model used. */
    TOKEN_USAGE,
    /** Programs and the LM configuration survive the death of the worker that held them. */
    SURVIVES_WORKER_CRASH,
    /** Programs call a real LM through DSPy (not a stand-in that answers by rule). */
    REAL_DSPY
}
