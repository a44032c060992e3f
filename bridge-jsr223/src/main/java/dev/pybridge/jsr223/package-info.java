/**
 * A JSR-223 script engine for CPython 3: {@code new ScriptEngineManager().getEngineByName("cpython")}
 * (also {@code "python3"}, {@code "python"}, {@code "py"}), or {@code jrunscript -l cpython}.
 *
 * <p>Each {@link dev.pybridge.jsr223.PythonScriptEngine} is one session of a
 * {@link dev.pybridge.api.PythonBridge}: its Python globals persist between calls, in a worker
 * process, and it implements {@link javax.script.Invocable} and {@link javax.script.Compilable}.
 * {@link dev.pybridge.jsr223.PythonScriptEngineFactory} says who starts and closes the bridge.
 *
 * @since 0.1
 */
package dev.pybridge.jsr223;
