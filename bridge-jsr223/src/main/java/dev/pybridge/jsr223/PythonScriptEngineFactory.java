package dev.pybridge.jsr223;

import dev.pybridge.api.PythonBridge;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import static java.util.Objects.requireNonNull;

/**
 * Makes {@link PythonScriptEngine}s: found by {@code ScriptEngineManager} as {@code "cpython"},
 * {@code "python3"}, {@code "python"} or {@code "py"}, by the extension {@code py} and by the
 * Python MIME types, on the class path ({@code META-INF/services}) and on the module path
 * ({@code provides}).
 *
 * <p>Who starts and closes the Python worker:
 * <ul>
 *   <li>A factory made by ServiceLoader (the public constructor) starts one
 *       {@link dev.pybridge.core.SingleProcessBridge} for all its engines, on the first engine's
 *       first call, with the interpreter of {@link dev.pybridge.api.config.PythonEnvironment#detect()}
 *       ({@code PYBRIDGE_PYTHON}, else the active virtual environment, else {@code python3}), a
 *       call timeout of one day, and a shutdown grace of 2 s: a script whose caller was interrupted
 *       and that is still running then has its worker replaced, and closing the factory waits as
 *       long for scripts still running. The factory owns it: {@link #close()} stops it (reach the
 *       factory through {@code engine.getFactory()}); otherwise the worker ends with the JVM. Each
 *       {@code ScriptEngineManager} makes its own factory, so reuse the manager.</li>
 *   <li>{@link #over(PythonBridge)} makes engines on a bridge the caller owns (a configured
 *       single-process bridge, a pool): the caller closes it, and {@link #close()} does nothing.</li>
 * </ul>
 * Making a factory, and asking it for an engine, starts no process.
 *
 * @since 0.1
 */
public final class PythonScriptEngineFactory implements ScriptEngineFactory, AutoCloseable {

    /** The engine's name; unique, since ScriptEngineManager keeps one factory per engine name. */
    public static final String ENGINE_NAME = "PyBridge CPython";

    private static final List<String> NAMES = List.of("cpython", "python3", "python", "py");
    private static final List<String> EXTENSIONS = List.of("py");
    private static final List<String> MIME_TYPES = List.of("text/x-python", "text/python", "application/x-python", "application/python");
    private static final String LANGUAGE = "python";
    // Calls on one engine run one at a time, and each sees what the others did.
    private static final String THREADING = "MULTITHREADED";
    private static final String ENGINE_VERSION = readEngineVersion();

    private final BridgeSource bridge;

    /** The factory ServiceLoader makes; see the class description for the worker it starts. */
    public PythonScriptEngineFactory() {
        this(new DefaultBridge());
    }

    private PythonScriptEngineFactory(BridgeSource bridge) {
        this.bridge = bridge;
    }

    /** A factory whose engines run on {@code bridge}, each in its own session; the caller closes the bridge. */
    public static PythonScriptEngineFactory over(PythonBridge bridge) {
        return new PythonScriptEngineFactory(new GivenBridge(requireNonNull(bridge, "bridge is null")));
    }

    @Override
    public String getEngineName() {
        return ENGINE_NAME;
    }

    @Override
    public String getEngineVersion() {
        return ENGINE_VERSION;
    }

    @Override
    public List<String> getExtensions() {
        return EXTENSIONS;
    }

    @Override
    public List<String> getMimeTypes() {
        return MIME_TYPES;
    }

    /** {@code cpython} first: jrunscript shows the first name as its prompt. */
    @Override
    public List<String> getNames() {
        return NAMES;
    }

    @Override
    public String getLanguageName() {
        return LANGUAGE;
    }

    /**
     * The version of the interpreter the engines run ({@code "3.11.7"}), found once without
     * starting a worker; {@code "unknown"} when no interpreter answers.
     */
    @Override
    public String getLanguageVersion() {
        return bridge.languageVersion();
    }

    @Override
    public Object getParameter(String key) {
        return switch (requireNonNull(key, "key is null")) {
            case ScriptEngine.ENGINE -> getEngineName();
            case ScriptEngine.ENGINE_VERSION -> getEngineVersion();
            case ScriptEngine.NAME -> NAMES.get(0);
            case ScriptEngine.LANGUAGE -> getLanguageName();
            case ScriptEngine.LANGUAGE_VERSION -> getLanguageVersion();
            case "THREADING" -> THREADING;
            default -> null;
        };
    }

    @Override
    public String getMethodCallSyntax(String obj, String m, String... args) {
        return PythonSyntax.methodCall(requireNonNull(obj, "obj is null"), requireNonNull(m, "m is null"), args);
    }

    @Override
    public String getOutputStatement(String toDisplay) {
        return PythonSyntax.print(requireNonNull(toDisplay, "toDisplay is null"));
    }

    @Override
    public String getProgram(String... statements) {
        return PythonSyntax.program(statements);
    }

    /** A new engine, in a new session; nothing starts until its first call. */
    @Override
    public PythonScriptEngine getScriptEngine() {
        return new PythonScriptEngine(this, bridge);
    }

    /** Stops the worker this factory started, if any; engines that call Python afterwards fail. */
    @Override
    public void close() {
        bridge.close();
    }

    private static String readEngineVersion() {
        Properties properties = new Properties();
        try (InputStream in = PythonScriptEngineFactory.class.getResourceAsStream("engine.properties")) {
            if (in == null) {
                throw new IllegalStateException("engine.properties is missing from bridge-jsr223's jar");
            }
            properties.load(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
