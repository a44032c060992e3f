package dev.pybridge.testkit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.ParameterResolutionContext;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.ResolveParameterHook;
import net.jqwik.api.lifecycle.Store;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The jqwik lifecycle hook that does for {@code @Property} methods what {@link PyBridgeTest}
 * does for JUnit tests (jqwik ignores {@code @ExtendWith}): one fixture per property, shared by
 * its tries, closed (and checked for leaks) after it; parameters that are not {@code @ForAll}
 * are resolved from it. The settings come from {@code @PyBridgeTest} on the property or its class.
 *
 * <pre>{@code
 * @AddLifecycleHook(PyBridgeProperties.class)
 * @PyBridgeTest(layer = Layer.BRIDGE_MOCK)
 * class EchoProperties {
 *     @Property
 *     void echoes(@ForAll String text, PythonBridge bridge) { ... }
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class PyBridgeProperties implements AroundPropertyHook, ResolveParameterHook {

    // jqwik may make an instance of this class for each hook it implements: the running property's fixture is kept in
    // jqwik's store for the property, which both see.
    private static final String STORE = PyBridgeProperties.class.getName() + ".running";

    private record Running(PyBridgeFixture fixture, FixtureSettings settings) {}

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        FixtureSettings settings = FixtureSettings.of(context.findAnnotation(PyBridgeTest.class)
                .or(() -> Optional.ofNullable(context.containerClass().getAnnotation(PyBridgeTest.class)))
                .orElseThrow(() -> new IllegalStateException(context.label() + " uses PyBridgeProperties without @PyBridgeTest "
                        + "on the property or its class: add @PyBridgeTest(layer = ...)")));
        PyBridgeFixture fixture = settings.build(context.containerClass());
        AtomicReference<Running> running = running();
        running.set(new Running(fixture, settings));
        PropertyExecutionResult result;
        try {
            result = property.execute();
        }
        finally {
            running.set(null);
        }
        try {
            fixture.close();
            return result;
        }
        catch (AssertionError | RuntimeException leak) {
            return result.mapToFailed(leak);
        }
    }

    // Registered on a class, the hook serves every property in it, nested classes included.
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public int aroundPropertyProximity() {
        // Outside the hooks a suite adds of its own, so that theirs run while the fixture is up.
        return -10;
    }

    private static AtomicReference<Running> running() {
        return Store.<AtomicReference<Running>>getOrCreate(STORE, Lifespan.PROPERTY, AtomicReference::new).get();
    }

    @Override
    public Optional<ParameterSupplier> resolve(ParameterResolutionContext parameter, LifecycleContext context) {
        Class<?> type = parameter.parameter().getType();
        if (!FixtureSettings.supports(type)) {
            return Optional.empty();
        }
        String where = "parameter " + parameter.index() + " (" + parameter.parameter().getName() + ") of " + context.label();
        return Optional.of(tryContext -> {
            Running current = running().get();
            if (current == null) {
                throw new IllegalStateException(where + " asks for a " + type.getSimpleName() + " outside a property's run");
            }
            return current.settings().provide(current.fixture(), type, where);
        });
    }
}
