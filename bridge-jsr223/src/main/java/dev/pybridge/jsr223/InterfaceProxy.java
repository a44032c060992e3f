package dev.pybridge.jsr223;

import dev.pybridge.api.PyRef;

import javax.script.ScriptException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;

/**
 * A Java interface implemented by Python functions of a session ({@code getInterface(Class)}) or
 * methods of a Python object ({@code getInterface(thiz, Class)}): each abstract method calls the
 * Python callable of the same name; default methods run as written.
 */
final class InterfaceProxy implements InvocationHandler {

    private final PythonScriptEngine engine;
    private final PyRef target;
    private final Class<?> type;

    private InterfaceProxy(PythonScriptEngine engine, PyRef target, Class<?> type) {
        this.engine = engine;
        this.target = target;
        this.type = type;
    }

    /** The names Python must define for {@code type}: those of its abstract methods. */
    static List<String> requiredNames(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(method -> Modifier.isAbstract(method.getModifiers()) && !isObjectMethod(method))
                .map(Method::getName)
                .distinct()
                .toList();
    }

    // An interface may redeclare toString() or equals(); the proxy answers those itself.
    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        }
        catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** @param target the object whose methods implement {@code type}, or null for the session's functions */
    static <T> T create(PythonScriptEngine engine, PyRef target, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new InterfaceProxy(engine, target, type)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class || isObjectMethod(method)) {
            return objectMethod(proxy, method, args);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Object[] arguments = args == null ? new Object[0] : args;
        try {
            Object result = target == null ? engine.invokeFunction(method.getName(), arguments)
                    : engine.invokeMethod(target, method.getName(), arguments);
            return ReturnValues.fit(result, method.getReturnType(), method.getName());
        }
        catch (ScriptException | NoSuchMethodException e) {
            throw undeclared(method, e);
        }
    }

    // A checked exception the Java method does not declare would reach the caller as an
    // UndeclaredThrowableException; the bridge's own, unchecked exception says more.
    private static Exception undeclared(Method method, Exception failure) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isInstance(failure)) {
                return failure;
            }
        }
        if (failure.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return new UnsupportedOperationException(failure.getMessage(), failure);
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> type.getName() + " implemented by Python " + (target == null ? "functions" : target.toString());
        };
    }
}
