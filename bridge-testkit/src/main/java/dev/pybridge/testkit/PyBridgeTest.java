package dev.pybridge.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a JUnit 5 test class (or method) a {@link PyBridgeFixture}, injected as a parameter of
 * its tests, lifecycle methods and constructor: {@code PythonBridge}, {@code SingleProcessBridge},
 * {@code PooledBridge}, {@code Adapter}, {@code ScriptEngine}, or the fixture itself. The fixture
 * is closed (and checked for leaks) after each test, or after the class with
 * {@code scope = Scope.CLASS}. A parameter annotated with {@link FixtureOf} gets a fixture of
 * its own. For jqwik properties, see {@link PyBridgeProperties}.
 *
 * <pre>{@code
 * @PyBridgeTest(layer = Layer.BRIDGE_MOCK, poolSize = 2, faults = "crashOnEval")
 * class RetryTest {
 *     static List<Fault> crashOnEval() { return List.of(Fault.crashOn("eval")); }
 *
 *     @Test
 *     void survives(PooledBridge pool, PyBridgeFixture fixture) { ... }
 * }
 * }</pre>
 *
 * @since 0.2
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PyBridgeExtension.class)
public @interface PyBridgeTest {

    /** The layer the fixture runs on. */
    Layer layer() default Layer.PYTHON;

    /** A pool of this many workers; 0: a single bridge. */
    int poolSize() default 0;

    /**
     * The name of a static method of the test class, without parameters, that returns the faults
     * (a {@code List<Fault>} or a {@code Fault[]}); empty: none.
     */
    String faults() default "";

    /** How long a fixture lives. */
    Scope scope() default Scope.METHOD;

    /** How long a fixture lives. */
    enum Scope {
        /** One fixture per test method, closed after it. */
        METHOD,
        /** One fixture for the test class, closed after its last test. */
        CLASS
    }
}
