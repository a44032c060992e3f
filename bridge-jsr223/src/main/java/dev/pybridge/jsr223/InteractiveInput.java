package dev.pybridge.jsr223;

import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import java.util.Optional;

/**
 * Lines typed at jrunscript's prompt, gathered into complete statements as Python's own REPL
 * gathers them: {@code def f(x):} waits for its body and the blank line that ends it.
 *
 * <p>jrunscript's interactive mode (and {@code -f -}) sets {@link ScriptEngine#FILENAME} to
 * {@value #FILENAME} and evaluates each line on its own; that file name, on a single line of
 * input, is how an engine knows that an eval is a line typed at a prompt. Any other eval of
 * incomplete code is a syntax error.
 */
final class InteractiveInput {

    /** The file name jrunscript gives its standard input ({@code com.sun.tools.script.shell.Main}). */
    static final String FILENAME = "<STDIN>";

    private final StringBuilder pending = new StringBuilder();

    /** Whether Python considers some source a complete statement; throws for invalid source. */
    @FunctionalInterface
    interface Completeness {
        boolean isComplete(String source) throws ScriptException;
    }

    static boolean isPromptLine(String script, ScriptContext context) {
        return script.indexOf('\n') < 0 && script.indexOf('\r') < 0 && FILENAME.equals(context.getAttribute(ScriptEngine.FILENAME));
    }

    /**
     * Adds one line; returns the statement to run when it completes one, and nothing while more
     * lines are needed. Invalid input throws and is dropped, as Python's REPL drops it.
     */
    Optional<String> add(String line, Completeness python) throws ScriptException {
        if (pending.length() == 0 && line.isBlank()) {
            return Optional.empty();
        }
        String source = pending.length() == 0 ? line : pending + "\n" + line;
        pending.setLength(0);
        if (python.isComplete(source)) {
            return Optional.of(source);
        }
        pending.append(source);
        return Optional.empty();
    }
}
