package dev.pybridge.testkit;

import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.pool.PooledBridge;

import javax.script.ScriptEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What a test asked for ({@link PyBridgeTest} or {@link FixtureOf}): a layer, a pool size, and
 * the static method of the test class that gives the faults. Builds the fixture, and hands out
 * what a parameter of a supported type asks for; misuse is an error that says how to fix it.
 */
record FixtureSettings(Layer layer, int poolSize, String faultsMethod) {

    static final Set<Class<?>> SUPPORTED = Set.of(PyBridgeFixture.class, PythonBridge.class, SingleProcessBridge.class,
            PooledBridge.class, Adapter.class, ScriptEngine.class);

    FixtureSettings {
        requireNonNull(layer, "layer is null");
        requireNonNull(faultsMethod, "faultsMethod is null");
    }

    static FixtureSettings of(PyBridgeTest test) {
        return new FixtureSettings(test.layer(), test.poolSize(), test.faults());
    }

    static FixtureSettings of(FixtureOf fixture) {
        return new FixtureSettings(fixture.layer(), fixture.poolSize(), fixture.faults());
    }

    static boolean supports(Class<?> type) {
        return SUPPORTED.contains(type);
    }

    /** A fixture as asked for; the faults come from {@code testClass}. */
    PyBridgeFixture build(Class<?> testClass) {
        if (poolSize < 0) {
            throw new IllegalArgumentException("poolSize must be 0 (a single bridge) or more (a pool): " + poolSize);
        }
        PyBridgeFixture.Builder builder = PyBridgeFixture.builder(layer).faults(faults(testClass));
        if (poolSize > 0) {
            builder.poolSize(poolSize);
        }
        return builder.build();
    }

    /**
     * What a parameter of {@code type}, named by {@code where}, gets from {@code fixture}.
     *
     * @throws IllegalArgumentException if the type is not one the testkit gives, or the fixture cannot give it
     */
    Object provide(PyBridgeFixture fixture, Class<?> type, String where) {
        if (type == PyBridgeFixture.class) {
            return fixture;
        }
        if (type == PythonBridge.class) {
            return fixture.bridge();
        }
        if (type == PooledBridge.class) {
            if (poolSize == 0 || layer == Layer.MOCK) {
                throw new IllegalArgumentException(where + " asks for a PooledBridge, but the fixture runs "
                        + (layer == Layer.MOCK ? "the mock layer" : "a single bridge")
                        + ": set poolSize (and a layer with workers: BRIDGE_MOCK or PYTHON), or ask for a PythonBridge");
            }
            return fixture.pool();
        }
        if (type == SingleProcessBridge.class) {
            if (poolSize > 0 || layer == Layer.MOCK) {
                throw new IllegalArgumentException(where + " asks for a SingleProcessBridge, but the fixture runs "
                        + (layer == Layer.MOCK ? "the mock layer" : "a pool") + ": drop poolSize (on BRIDGE_MOCK or PYTHON), or ask for a PythonBridge");
            }
            return fixture.singleBridge();
        }
        if (type == Adapter.class) {
            return fixture.adapter();
        }
        if (type == ScriptEngine.class) {
            if (layer == Layer.MOCK) {
                throw new IllegalArgumentException(where + " asks for a ScriptEngine, which the mock layer cannot give: "
                        + "use layer = BRIDGE_MOCK or PYTHON");
            }
            return fixture.scriptEngine();
        }
        throw new IllegalArgumentException(where + " is a " + type.getName() + ", which the testkit does not give: ask for one of "
                + SUPPORTED.stream().map(Class::getSimpleName).sorted().toList());
    }

    private List<Fault> faults(Class<?> testClass) {
        if (faultsMethod.isEmpty()) {
            return List.of();
        }
        Method method = Arrays.stream(hierarchy(testClass)).flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(candidate -> candidate.getName().equals(faultsMethod) && candidate.getParameterCount() == 0)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("faults = \"" + faultsMethod + "\" names no method of "
                        + testClass.getName() + " without parameters: add static List<Fault> " + faultsMethod + "()"));
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException("faults method " + testClass.getName() + "." + faultsMethod + "() must be static");
        }
        try {
            method.setAccessible(true);
            Object faults = method.invoke(null);
            if (faults instanceof Fault[] array) {
                return List.of(array);
            }
            if (faults instanceof List<?> list && list.stream().allMatch(Fault.class::isInstance)) {
                return list.stream().map(Fault.class::cast).toList();
            }
            throw new IllegalArgumentException("faults method " + faultsMethod + "() must return a List<Fault> or a Fault[], not " + faults);
        }
        catch (IllegalAccessException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException("cannot call faults method " + faultsMethod + "(): open the test's package "
                    + "to dev.pybridge.testkit, or make the method public (" + e + ")", e);
        }
        catch (InvocationTargetException e) {
            throw new IllegalArgumentException("faults method " + faultsMethod + "() threw " + e.getCause(), e.getCause());
        }
    }

    private static Class<?>[] hierarchy(Class<?> type) {
        List<Class<?>> types = new java.util.ArrayList<>();
        for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
            types.add(current);
        }
        return types.toArray(Class<?>[]::new);
    }
}
