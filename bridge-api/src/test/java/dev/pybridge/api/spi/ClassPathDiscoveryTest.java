package dev.pybridge.api.spi;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * On the class path, {@link AdapterCatalog#load()} finds the providers listed in
 * {@code META-INF/services}. The build runs this class in its own class-path execution (see the
 * pom); on the module path a named module's {@code META-INF/services} is not read, so there it is
 * skipped, and {@link ModulePathDiscoveryTest} covers that path.
 */
class ClassPathDiscoveryTest {

    @Test
    void findsTheProvidersListedInMetaInfServices() {
        assumeFalse(AdapterCatalog.class.getModule().isNamed(), "runs in the class-path execution only");
        AdapterCatalog catalog = AdapterCatalog.load();
        assertEquals(Set.of("class-path-test"), catalog.names());
        assertInstanceOf(TestingClassPathProvider.class, catalog.provider("class-path-test"));
        assertEquals(Set.of("class-path-test"), AdapterCatalog.load(ClassPathDiscoveryTest.class.getClassLoader()).names());
    }
}
