package dev.pybridge.cli;

import dev.pybridge.api.error.BridgeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A command that failed: its message, and what to do about it, in words the user can act on. The
 * stack trace is ours to debug, not the user's to read: it is printed only with {@code --verbose}.
 * Exit status 1.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    private final BooleanSupplier verbose;

    FailureHandler(BooleanSupplier verbose) {
        this.verbose = requireNonNull(verbose, "verbose is null");
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(failure));
        hint(failure, command).ifPresent(err::println);
        if (verbose.getAsBoolean()) {
            failure.printStackTrace(err);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String describe(Exception failure) {
        // A bridge's messages are written for people; anything else is named by its type, as it is likely our bug.
        return failure instanceof BridgeException ? failure.getMessage() : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    private Optional<String> hint(Exception failure, CommandLine command) {
        if (!(failure instanceof BridgeException bridge)) {
            return verbose.getAsBoolean() ? Optional.empty() : Optional.of("Run again with --verbose to see where it failed.");
        }
        return switch (bridge.category()) {
            case CONFIGURATION, WORKER_STARTUP, CIRCUIT_OPEN -> Optional.of("Run ./pybridge doctor to check the Python setup.");
            case TIMEOUT, POOL_EXHAUSTED -> timeoutHint(command);
            default -> Optional.empty();
        };
    }

    // A deadline the user set is theirs to change: sending them to the doctor would look for a fault that is not there.
    private static Optional<String> timeoutHint(CommandLine command) {
        OptionSpec timeout = command.getCommandSpec().findOption("--timeout");
        if (timeout == null) {
            return Optional.empty();
        }
        ParseResult parsed = command.getParseResult();
        String setting = parsed.hasMatchedOption("--timeout")
                ? parsed.matchedOption("--timeout").stringValues().get(0) + ", your setting"
                : timeout.defaultValueString() + ", the default";
        return Optional.of("That deadline is --timeout " + setting + ", not a fault in the Python setup: "
                + "a longer --timeout gives each call more time.");
    }
}
