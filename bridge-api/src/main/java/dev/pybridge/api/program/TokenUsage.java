package dev.pybridge.api.program;

/**
 * Tokens one model used, as DSPy's usage tracking reports them.
 *
 * @since 0.2
 */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {

    /** No tokens. */
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

    public TokenUsage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative: " + promptTokens + ", "
                    + completionTokens + ", " + totalTokens);
        }
    }

    /** This usage and {@code other} added up. */
    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens);
    }
}
