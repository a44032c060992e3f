package dev.pybridge.api.program;

import static java.util.Objects.requireNonNull;

/**
 * A signature or a type that could not be parsed. The message says what was expected, then shows
 * the text with a caret under the place, as a compiler does:
 *
 * <pre>
 * expected ',' or '-&gt;' after the field 'context', found 'answer' at position 18
 *   question, context answer
 *                     ^
 * </pre>
 *
 * @since 0.2
 */
public final class SignatureSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String text;
    private final int position;

    /**
     * @param problem what was expected at {@code position}, without the position or the text
     * @param text the whole text that was parsed
     * @param position where the problem is: a 0-based index into {@code text}, or its length when
     *     the text ended too soon
     */
    public SignatureSyntaxException(String problem, String text, int position) {
        super(CaretMessage.format(requireNonNull(problem, "problem is null"), requireNonNull(text, "text is null"),
                checkPosition(text, position)));
        this.text = text;
        this.position = position;
    }

    private static int checkPosition(String text, int position) {
        if (position < 0 || position > text.length()) {
            throw new IllegalArgumentException("position " + position + " is outside the text, of length " + text.length());
        }
        return position;
    }

    /** The text that was parsed. */
    public String text() {
        return text;
    }

    /** The 0-based index into {@link #text()} where the problem is; the text's length when it ended too soon. */
    public int position() {
        return position;
    }
}
