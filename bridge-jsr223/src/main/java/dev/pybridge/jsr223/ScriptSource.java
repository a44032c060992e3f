package dev.pybridge.jsr223;

import dev.pybridge.api.PyValues;

import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A script's text, and what its context says about it: its file name and its arguments. */
final class ScriptSource {

    private ScriptSource() {}

    /** {@link ScriptEngine#FILENAME}, if set in any scope. */
    static Optional<String> filename(ScriptContext context) {
        return Optional.ofNullable(context.getAttribute(ScriptEngine.FILENAME)).map(Object::toString);
    }

    /** {@link ScriptEngine#ARGV} as strings: each element of an array or collection, or the one value. */
    static List<String> argv(ScriptContext context) {
        Object argv = context.getAttribute(ScriptEngine.ARGV);
        if (argv == null) {
            return List.of();
        }
        if (!(argv instanceof Collection<?> || argv.getClass().isArray()) || argv instanceof byte[]) {
            return List.of(String.valueOf(argv));
        }
        List<String> strings = new ArrayList<>();
        PyValues.elements(argv).forEach(element -> strings.add(String.valueOf(element)));
        return strings;
    }

    /** All of {@code reader}; a failure to read is a ScriptException. */
    static String read(Reader reader) throws ScriptException {
        requireNonNull(reader, "reader is null");
        StringWriter text = new StringWriter();
        try {
            reader.transferTo(text);
        }
        catch (IOException e) {
            ScriptException failure = new ScriptException("could not read the script: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
        return text.toString();
    }
}
