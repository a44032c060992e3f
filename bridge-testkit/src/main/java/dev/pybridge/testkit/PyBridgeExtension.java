package dev.pybridge.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Executable;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link PyBridgeTest}: builds a fixture for the test (or class),
 * keeps it in JUnit's store, which closes it (and so checks for leaks) when the test or class
 * ends, and resolves parameters from it. Registered by {@link PyBridgeTest} only: there is no
 * autodetection.
 *
 * @since 0.2
 */
public final class PyBridgeExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PyBridgeExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        // An unsupported type is claimed too when the parameter is marked for the testkit, so that the error says what to do.
        return FixtureSettings.supports(parameter.getParameter().getType()) || parameter.isAnnotated(FixtureOf.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Optional<FixtureOf> own = parameter.findAnnotation(FixtureOf.class);
        FixtureSettings settings = own.map(FixtureSettings::of).orElseGet(() -> FixtureSettings.of(annotation(context)));
        String where = "parameter " + parameter.getIndex() + " (" + parameter.getParameter().getName() + ") of "
                + describe(parameter.getDeclaringExecutable());
        try {
            PyBridgeFixture fixture = own.isPresent()
                    ? fixture(context, "parameter-" + parameter.getIndex(), settings)
                    : fixture(scoped(context), "shared", settings);
            return settings.provide(fixture, parameter.getParameter().getType(), where);
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static PyBridgeFixture fixture(ExtensionContext context, String key, FixtureSettings settings) {
        Class<?> testClass = context.getRequiredTestClass();
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key, ignored -> settings.build(testClass), PyBridgeFixture.class);
    }

    // A class-scoped fixture lives in the class's context (closed after the class), a method-scoped one in the method's.
    private static ExtensionContext scoped(ExtensionContext context) {
        if (annotation(context).scope() == PyBridgeTest.Scope.CLASS) {
            ExtensionContext current = context;
            while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
                current = current.getParent().get();
            }
            return current;
        }
        return context;
    }

    private static PyBridgeTest annotation(ExtensionContext context) {
        Optional<PyBridgeTest> onMethod = context.getTestMethod().flatMap(method -> AnnotationSupport.findAnnotation(method, PyBridgeTest.class));
        return onMethod.or(() -> context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, PyBridgeTest.class)))
                .orElseThrow(() -> new ParameterResolutionException("PyBridgeExtension is registered without @PyBridgeTest: "
                        + "annotate the test class or method with @PyBridgeTest instead of @ExtendWith"));
    }

    private static String describe(Executable executable) {
        return executable.getDeclaringClass().getSimpleName() + "." + executable.getName();
    }
}
