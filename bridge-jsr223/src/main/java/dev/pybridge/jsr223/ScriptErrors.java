package dev.pybridge.jsr223;

import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.SourceLocation;

import javax.script.ScriptContext;
import javax.script.ScriptException;

/** Turns what a bridge throws into the {@link ScriptException} a JSR-223 caller expects. */
final class ScriptErrors {

    private ScriptErrors() {}

    /**
     * A Python exception becomes a ScriptException with the whole traceback as its message and the
     * script's file, line and column (for syntax errors) as its place; what the code printed before
     * it failed still reaches the context's writers. Any other failure (a timeout, a crashed worker,
     * a closed bridge) becomes a ScriptException with the same message. The original is the cause.
     */
    static ScriptException toScriptException(BridgeException failure, ScriptContext context) {
        ScriptException error = failure instanceof PythonException python ? fromPython(python, context)
                : new ScriptException(failure.getMessage());
        error.initCause(failure);
        return error;
    }

    private static ScriptException fromPython(PythonException python, ScriptContext context) {
        String message = python.traceback().map(String::stripTrailing).orElse(python.getMessage());
        ScriptException error = python.location()
                .map(place -> locatedAt(message, place))
                .orElseGet(() -> new ScriptException(message));
        try {
            ScriptOutput.write(context, python.stdout().orElse(""), python.stderr().orElse(""));
        }
        catch (ScriptException lost) {
            error.addSuppressed(lost);
        }
        return error;
    }

    private static ScriptException locatedAt(String message, SourceLocation place) {
        return new ScriptException(message, place.file(), place.line(), place.column().orElse(-1));
    }
}
