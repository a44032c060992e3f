package com.example.scoring;

import dev.pybridge.api.Call;
import dev.pybridge.api.PythonBridge;

import static java.util.Objects.requireNonNull;

/** Scores text by its length, as Python counts it (code points), through whatever bridge it is given. */
public final class TextScorer {

    private final PythonBridge python;

    public TextScorer(PythonBridge python) {
        this.python = requireNonNull(python, "python is null");
    }

    /** The text as the worker sees it, echoed back: what a real scorer would send before it scores. */
    public String roundTrip(String text) {
        return (String) python.call(Call.echo(text));
    }

    /** The length of {@code text} as Python's {@code len} counts it. */
    public long length(String text) {
        return ((Number) python.call(Call.invoke("builtins:len", text))).longValue();
    }
}
