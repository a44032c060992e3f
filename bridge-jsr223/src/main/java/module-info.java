/**
 * A JSR-223 script engine for CPython 3 over any {@link dev.pybridge.api.PythonBridge}:
 * {@code new ScriptEngineManager().getEngineByName("cpython")}, or {@code jrunscript -l cpython}.
 * In a module of its own, so that users of the bridges alone do not get {@code java.scripting}.
 *
 * @since 0.1
 */
// Named after the specification, digits and all.
@SuppressWarnings("module")
module dev.pybridge.jsr223 {
    requires transitive dev.pybridge.api;
    requires transitive java.scripting;
    requires dev.pybridge.core;
    requires org.slf4j;

    exports dev.pybridge.jsr223;

    provides javax.script.ScriptEngineFactory with dev.pybridge.jsr223.PythonScriptEngineFactory;
}
