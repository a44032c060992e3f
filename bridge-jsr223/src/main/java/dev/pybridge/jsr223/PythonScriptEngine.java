package dev.pybridge.jsr223;

import dev.pybridge.api.Call;
import dev.pybridge.api.PyRef;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeInterruptedException;
import dev.pybridge.api.error.InvalidRequestException;
import dev.pybridge.api.error.ProtocolException;

import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import java.io.Reader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * A JSR-223 engine that runs CPython 3 in a worker process, as one session of a
 * {@link dev.pybridge.api.PythonBridge}: what a script defines stays defined for the engine's next
 * calls, and no other engine sees it.
 *
 * <ul>
 *   <li>{@code eval} returns the value of a final expression statement ({@code "x = 2\nx * 21"}
 *       gives 42), or null. What the script prints goes to the context's writer, what it writes to
 *       {@code sys.stderr} to the error writer, once the call is over.</li>
 *   <li>The bindings of ENGINE_SCOPE and GLOBAL_SCOPE (ENGINE_SCOPE first) are Python globals
 *       while the script runs; globals the script assigns, changes or deletes are written back to
 *       ENGINE_SCOPE, if JSON can carry their values. A binding that cannot cross to Python (the
 *       engine itself, which jrunscript binds as {@code engine}) is left out; arrays and
 *       collections become lists. Removing a binding deletes the Python global.</li>
 *   <li>An eval sends only the bindings that changed since Python last saw them, and finds them
 *       without reading the others: the engine's own bindings (its ENGINE_SCOPE and
 *       {@link #createBindings()}) remember the names put or removed. A string, number, boolean or
 *       {@link PyRef} is unchanged while it is the same object or an equal one. A collection, map
 *       or array of at most 64 KiB as JSON is compared by content at every eval, so that changes
 *       made to it in place after {@code put} reach Python; a larger one is sent again when it is
 *       put again (the same object will do), not when it changes in place. Python writes back a
 *       large list or dict that a script changed in place once the global holds another object.
 *       {@code Bindings} the engine did not make (such as {@code ScriptEngineManager}'s
 *       GLOBAL_SCOPE) are compared name by name at every eval under the same rule, so there a
 *       large value changed in place is sent once it is another object; a {@code Bindings} object
 *       set with {@code setBindings} is sent whole at its first eval.</li>
 *   <li>A binding whose value makes the eval's message to Python larger than the bridge's
 *       {@link dev.pybridge.api.config.BridgeConfig#maxFrameBytes() maxFrameBytes} (64 MiB unless
 *       you build the bridge) is not sent: the eval fails with a {@link ScriptException} that names
 *       the binding, its size and the limit, and nothing runs. Every eval fails so while the
 *       binding holds that value, rather than run the script without it, or with a value Python
 *       saw earlier; remove it or make it smaller, raise {@code maxFrameBytes}, or pass the data
 *       another way (a file whose path you bind). A script too large to send fails the same way.</li>
 *   <li>{@link ScriptEngine#FILENAME} names the code (in tracebacks, {@code __file__} and
 *       {@link ScriptException#getFileName()}); {@link ScriptEngine#ARGV} becomes
 *       {@code sys.argv[1:]}.</li>
 *   <li>A Python exception becomes a {@link ScriptException} whose message is the traceback and
 *       whose file and line are those of the innermost frame in the script (a syntax error also
 *       gives the column); its cause is the bridge's {@link dev.pybridge.api.error.PythonException}.</li>
 *   <li>A value JSON cannot carry (an object, a set) is returned as a {@link PyRef}: pass it to
 *       {@link #invokeMethod}, {@link #getInterface(Object, Class)}, or back into a binding. Python
 *       keeps the object until the engine is closed.</li>
 * </ul>
 *
 * <p>Thread-safe: calls on one engine run one at a time, and each sees what the others did
 * ({@code THREADING} is {@code MULTITHREADED}). Close the engine to free its Python state; closing
 * it does not close the bridge (see {@link PythonScriptEngineFactory}).
 *
 * <p>Interrupting a thread in {@code eval}, {@code compile} or an {@code invoke} method ends the
 * call at once with a {@link ScriptException} whose cause is a
 * {@link dev.pybridge.api.error.BridgeInterruptedException}; the thread's interrupt flag stays set
 * (these methods cannot throw {@link InterruptedException}, and the caller's code may still want
 * to see it). A thread interrupted before its call is sent, or while it waits for this engine's
 * call on another thread, sends nothing. A script already running is abandoned: Python is asked to
 * stop it, and a worker that has not answered within the bridge's grace
 * ({@link dev.pybridge.api.config.BridgeConfig#shutdownGrace()} for a single-process bridge, 2 s
 * for the factory's own; the pool's {@code cancelGrace}) is killed and replaced, so that the other
 * engines on that worker go on. Calls they had already sent to it fail with a
 * {@link dev.pybridge.api.error.WorkerCrashedException} as the cause. Each engine's evals are
 * replayed on the new worker before its next call, so what they defined is back; handles
 * ({@link PyRef}) and what {@code invoke} calls changed are not.
 *
 * @since 0.1
 */
public final class PythonScriptEngine extends AbstractScriptEngine implements Invocable, Compilable, AutoCloseable {

    private final PythonScriptEngineFactory factory;
    private final ScriptSession session;
    private final BindingsMirror mirror;
    private final InteractiveInput prompt = new InteractiveInput();
    // One call at a time: the bindings sent, the code run and the globals written back belong together.
    private final ReentrantLock lock = new ReentrantLock();

    PythonScriptEngine(PythonScriptEngineFactory factory, BridgeSource bridge) {
        this.factory = requireNonNull(factory, "factory is null");
        this.session = new ScriptSession(bridge);
        this.mirror = new BindingsMirror(session.id());
        setBindings(createBindings(), ScriptContext.ENGINE_SCOPE);
    }

    /** The bridge session that holds this engine's Python state. */
    public String sessionId() {
        return session.id();
    }

    @Override
    public Object eval(String script, ScriptContext context) throws ScriptException {
        requireNonNull(script, "script is null");
        requireNonNull(context, "context is null");
        enter(context);
        try {
            if (!InteractiveInput.isPromptLine(script, context)) {
                return run(script, ScriptSource.filename(context), false, context);
            }
            Optional<String> statement = prompt.add(script, source -> isComplete(source, context));
            return statement.isPresent() ? run(statement.get(), Optional.of(InteractiveInput.FILENAME), false, context) : null;
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public Object eval(Reader reader, ScriptContext context) throws ScriptException {
        return eval(ScriptSource.read(reader), context);
    }

    /**
     * Bindings that remember which names were put or removed, so that an eval with them sends
     * those alone (see the class description); the engine's own ENGINE_SCOPE is such bindings.
     */
    @Override
    public Bindings createBindings() {
        return new TrackedBindings();
    }

    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }

    /** Checks the syntax in the worker; the compiled script keeps the file name the context gives now. */
    @Override
    public CompiledScript compile(String script) throws ScriptException {
        requireNonNull(script, "script is null");
        ScriptContext context = getContext();
        Optional<String> filename = ScriptSource.filename(context);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("code", script);
        filename.ifPresent(name -> args.put("filename", name));
        enter(context);
        try {
            captured(session.call("script.compile", args), context);
            return new PythonCompiledScript(this, script, filename);
        }
        catch (BridgeException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public CompiledScript compile(Reader script) throws ScriptException {
        return compile(ScriptSource.read(script));
    }

    /**
     * Calls a function of the session with the default context's writers.
     *
     * @throws NoSuchMethodException if the session has no callable of that name
     * @throws IllegalArgumentException if an argument cannot cross to Python
     */
    @Override
    public Object invokeFunction(String name, Object... args) throws ScriptException, NoSuchMethodException {
        requireNonNull(name, "name is null");
        return invoke(null, name, args);
    }

    /**
     * Calls a method of a Python object that this engine returned.
     *
     * @throws IllegalArgumentException if {@code thiz} is not a {@link PyRef} of this engine
     * @throws NoSuchMethodException if the object has no callable attribute of that name
     */
    @Override
    public Object invokeMethod(Object thiz, String name, Object... args) throws ScriptException, NoSuchMethodException {
        requireNonNull(name, "name is null");
        return invoke(ownRef(thiz), name, args);
    }

    /** A proxy whose methods call the session's functions of the same names; null if one is missing. */
    @Override
    public <T> T getInterface(Class<T> type) {
        return implement(null, type);
    }

    /** A proxy whose methods call the object's methods of the same names; null if one is missing. */
    @Override
    public <T> T getInterface(Object thiz, Class<T> type) {
        return implement(ownRef(thiz), type);
    }

    /** Frees the engine's Python state (globals, objects, compiled code); the engine is unusable afterwards. */
    @Override
    public void close() {
        lock.lock();
        try {
            session.close();
        }
        finally {
            lock.unlock();
        }
    }

    Object evalCompiled(String source, Optional<String> filename, ScriptContext context) throws ScriptException {
        requireNonNull(context, "context is null");
        enter(context);
        try {
            return run(source, filename, true, context);
        }
        finally {
            lock.unlock();
        }
    }

    private Object run(String code, Optional<String> filename, boolean cached, ScriptContext context) throws ScriptException {
        try {
            return evalOnce(code, filename, cached, context);
        }
        catch (InvalidRequestException e) {
            if (e.reason() != InvalidRequestException.Reason.STALE_BINDINGS) {
                throw ScriptErrors.toScriptException(e, context);
            }
        }
        catch (BridgeException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
        // The worker lost the session (it restarted, and nothing replayed the session): send every binding again.
        mirror.reset();
        try {
            return evalOnce(code, filename, cached, context);
        }
        catch (BridgeException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
    }

    private Object evalOnce(String code, Optional<String> filename, boolean cached, ScriptContext context) throws ScriptException {
        BindingsMirror.Outgoing bindings = mirror.outgoing(context);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("code", code);
        filename.ifPresent(name -> args.put("filename", name));
        args.put("argv", ScriptSource.argv(context));
        args.put("bindings", bindings.values());
        if (!bindings.removed().isEmpty()) {
            args.put("unbind", bindings.removed());
        }
        args.put("incremental", bindings.incremental());
        args.put("cache", cached);
        ScriptResult result;
        try {
            result = ScriptResult.of("script.eval", captured(session.call("script.eval", args).definingSession(), context));
        }
        catch (BridgeException e) {
            mirror.failed(bindings);
            throw e;
        }
        catch (IllegalArgumentException e) {
            mirror.failed(bindings);
            throw OversizedEval.explain(e, args, bindings, context);
        }
        mirror.succeeded(context, bindings, result);
        return result.value();
    }

    private Object invoke(PyRef target, String name, Object[] args) throws ScriptException, NoSuchMethodException {
        Map<String, Object> callArgs = new LinkedHashMap<>();
        callArgs.put("name", name);
        if (target != null) {
            callArgs.put("self", target);
        }
        callArgs.put("args", args == null ? List.of() : Arrays.asList(args));
        ScriptContext context = getContext();
        enter(context);
        try {
            ScriptResult result = ScriptResult.of("script.invoke", captured(session.call("script.invoke", callArgs), context));
            mirror.changedByCall(context, result);
            return result.value();
        }
        catch (InvalidRequestException e) {
            if (e.reason() == InvalidRequestException.Reason.TARGET_NOT_FOUND) {
                throw (NoSuchMethodException) new NoSuchMethodException(e.getMessage()).initCause(e);
            }
            throw ScriptErrors.toScriptException(e, context);
        }
        catch (BridgeException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Takes the engine's turn; an interrupt, now or while the engine's call on another thread runs,
     * ends the wait with nothing sent.
     *
     * @throws BridgeInterruptedException with the thread's interrupt flag set
     */
    private void enter() {
        try {
            lock.lockInterruptibly();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeInterruptedException("interrupted before this engine sent anything to Python: nothing ran", e);
        }
    }

    private void enter(ScriptContext context) throws ScriptException {
        try {
            enter();
        }
        catch (BridgeInterruptedException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
    }

    private <T> T implement(PyRef target, Class<T> type) {
        if (type == null || !type.isInterface()) {
            throw new IllegalArgumentException("getInterface needs an interface, not " + type);
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("names", InterfaceProxy.requiredNames(type));
        if (target != null) {
            args.put("self", target);
        }
        Object reply;
        enter();
        try {
            reply = session.send(session.call("script.missing", args));
        }
        finally {
            lock.unlock();
        }
        if (!(reply instanceof Map<?, ?> map) || !(map.get("missing") instanceof List<?> missing)) {
            throw new ProtocolException("the worker's reply to 'script.missing' is not a list of names: " + reply);
        }
        return missing.isEmpty() ? InterfaceProxy.create(this, target, type) : null;
    }

    // Only interactive input needs this, so only it pays the extra call.
    private boolean isComplete(String source, ScriptContext context) throws ScriptException {
        try {
            Object reply = captured(Call.of("script.complete", Map.of("code", source)), context);
            return reply instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("complete"));
        }
        catch (BridgeException e) {
            throw ScriptErrors.toScriptException(e, context);
        }
    }

    /** Sends a script command and hands what it printed to the context; returns the command's own result. */
    private Object captured(Call call, ScriptContext context) throws ScriptException {
        Captured reply = Captured.of(call.command(), session.send(call));
        ScriptOutput.write(context, reply.stdout(), reply.stderr());
        return reply.value();
    }

    private PyRef ownRef(Object thiz) {
        if (thiz instanceof PyRef ref && ref.session().equals(session.id())) {
            return ref;
        }
        if (thiz instanceof PyRef ref) {
            throw new IllegalArgumentException(ref + " belongs to another engine: handles work only with the engine that returned them");
        }
        throw new IllegalArgumentException("thiz must be a Python object (a PyRef) that this engine returned, not "
                + (thiz == null ? "null" : "a " + thiz.getClass().getName()) + "; for functions, use invokeFunction");
    }
}
