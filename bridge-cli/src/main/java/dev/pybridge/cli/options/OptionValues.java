package dev.pybridge.cli.options;

import dev.pybridge.api.config.BridgeConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads option values, refusing a malformed or out-of-range one while the command line is parsed,
 * before anything starts, with one line that names the option, the value and what is allowed.
 */
public final class OptionValues {

    private OptionValues() {}

    /** {@code text} as a whole number from {@code min} to {@code max}. */
    public static long wholeNumber(CommandSpec command, String option, String text, long min, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException e) {
            // Malformed and out of range get the same answer: what is allowed.
        }
        throw invalid(command, option, text, "a whole number " + range(min, max));
    }

    /** {@code text} as a whole number from {@code min} to {@code max}, which fit an {@code int}. */
    public static int wholeNumber(CommandSpec command, String option, String text, int min, int max) {
        return (int) wholeNumber(command, option, text, (long) min, max);
    }

    /**
     * {@code text} as an ISO-8601 duration longer than zero and at most
     * {@link BridgeConfig#MAX_DURATION}, as every duration of a bridge must be.
     */
    public static Duration positiveDuration(CommandSpec command, String option, String text) {
        try {
            Duration value = Duration.parse(text.strip());
            if (!value.isNegative() && !value.isZero() && value.compareTo(BridgeConfig.MAX_DURATION) <= 0) {
                return value;
            }
        }
        catch (DateTimeParseException e) {
            // As above: the answer is what is allowed.
        }
        throw invalid(command, option, text, "an ISO-8601 duration longer than zero and at most "
                + BridgeConfig.MAX_DURATION.toDays() + " days, such as PT30S or PT0.5S");
    }

    /** {@code text}, unless it is blank. */
    public static String notBlank(CommandSpec command, String option, String text, String allowed) {
        if (text.isBlank()) {
            throw invalid(command, option, text, allowed);
        }
        return text;
    }

    /** The usage error for {@code text} given to {@code option}, which must be {@code allowed}. */
    public static ParameterException invalid(CommandSpec command, String option, String text, String allowed) {
        return new ParameterException(command.commandLine(),
                "Invalid value for option '" + option + "': '" + text + "' is not " + allowed);
    }

    /** The allowed range, in words. */
    public static String range(long min, long max) {
        return max == Long.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
    }
}
