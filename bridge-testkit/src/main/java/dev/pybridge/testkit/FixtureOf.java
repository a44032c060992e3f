package dev.pybridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parameter of a {@link PyBridgeTest} test that gets a fixture of its own, on this layer, pool
 * size and faults, instead of the test's shared one; closed after the test.
 *
 * <pre>{@code
 * @Test
 * void comparesLayers(@FixtureOf(layer = Layer.MOCK) Adapter mock, @FixtureOf(layer = Layer.BRIDGE_MOCK) Adapter fake) { ... }
 * }</pre>
 *
 * @since 0.2
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FixtureOf {

    /** The layer. */
    Layer layer() default Layer.PYTHON;

    /** A pool of this many workers; 0: a single bridge. */
    int poolSize() default 0;

    /** The name of a static method of the test class returning the faults; empty: none. */
    String faults() default "";
}
