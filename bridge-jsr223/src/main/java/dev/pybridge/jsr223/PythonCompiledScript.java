package dev.pybridge.jsr223;

import javax.script.CompiledScript;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import java.util.Optional;

/**
 * A script that compiled in the worker. It keeps its source, so that any worker can run it: one
 * that compiled it runs the cached code, another (after a restart, or elsewhere in a pool)
 * compiles it again first.
 */
final class PythonCompiledScript extends CompiledScript {

    private final PythonScriptEngine engine;
    private final String source;
    private final Optional<String> filename;

    PythonCompiledScript(PythonScriptEngine engine, String source, Optional<String> filename) {
        this.engine = engine;
        this.source = source;
        this.filename = filename;
    }

    @Override
    public Object eval(ScriptContext context) throws ScriptException {
        return engine.evalCompiled(source, filename, context);
    }

    @Override
    public ScriptEngine getEngine() {
        return engine;
    }
}
