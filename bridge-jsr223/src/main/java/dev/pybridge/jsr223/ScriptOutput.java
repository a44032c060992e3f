package dev.pybridge.jsr223;

import javax.script.ScriptContext;
import javax.script.ScriptException;
import java.io.IOException;
import java.io.Writer;

/** Hands what a call printed to the writers of the context it ran for. */
final class ScriptOutput {

    private ScriptOutput() {}

    static void write(ScriptContext context, String stdout, String stderr) throws ScriptException {
        write(context.getWriter(), stdout);
        write(context.getErrorWriter(), stderr);
    }

    private static void write(Writer writer, String text) throws ScriptException {
        if (text == null || text.isEmpty() || writer == null) {
            return;
        }
        try {
            writer.write(text);
            writer.flush();
        }
        catch (IOException e) {
            ScriptException failure = new ScriptException("could not write the script's output: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
