package dev.pybridge.api.spi;

import dev.pybridge.apitest.layered.LayeredProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the module path, {@link AdapterCatalog#load()} finds a provider that another module declares
 * with {@code provides}, through the thread's context class loader. The provider's module is made
 * here, in a layer over the API's, because this module's tests run patched into the API module
 * itself; that needs the API's {@code uses} declaration, which this checks too.
 */
class ModulePathDiscoveryTest {

    private static final String MODULE = "pybridge.test.layered";
    private static final String PACKAGE = LayeredProvider.class.getPackageName();
    private static final String CLASS_FILE = LayeredProvider.class.getName().replace('.', '/') + ".class";

    @Test
    void findsAProviderModuleThroughTheContextClassLoader() throws Exception {
        ModuleLayer apiLayer = AdapterProvider.class.getModule().getLayer();
        assertTrue(apiLayer != null, "runs on the module path");
        ModuleLayer layer = apiLayer.defineModulesWithOneLoader(
                apiLayer.configuration().resolve(new OneModuleFinder(providerModule()), ModuleFinder.of(), Set.of(MODULE)),
                AdapterProvider.class.getClassLoader());
        ClassLoader loader = layer.findLoader(MODULE);

        assertFalse(AdapterCatalog.load().names().contains("layered-test"), "outside the layer it is not seen");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            AdapterCatalog catalog = AdapterCatalog.load();
            assertTrue(catalog.names().contains("layered-test"), catalog::toString);
            assertEquals(MODULE, catalog.provider("layered-test").getClass().getModule().getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertEquals(MODULE, AdapterCatalog.load(loader).provider("layered-test").getClass().getModule().getName());
    }

    private static ModuleReference providerModule() throws URISyntaxException {
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(MODULE)
                .requires("dev.pybridge.api")
                .provides(AdapterProvider.class.getName(), List.of(LayeredProvider.class.getName()))
                .packages(Set.of(PACKAGE))
                .build();
        URI classFile = LayeredProvider.class.getResource(LayeredProvider.class.getSimpleName() + ".class").toURI();
        return new ModuleReference(descriptor, null) {
            @Override
            public ModuleReader open() {
                return new OneClassReader(classFile);
            }
        };
    }

    /** Serves the provider's class file, the module's only content, from the test classes. */
    private record OneClassReader(URI classFile) implements ModuleReader {

        @Override
        public Optional<URI> find(String name) {
            return CLASS_FILE.equals(name) ? Optional.of(classFile) : Optional.empty();
        }

        @Override
        public Stream<String> list() {
            return Stream.of(CLASS_FILE);
        }

        @Override
        public void close() throws IOException {
        }
    }

    private record OneModuleFinder(ModuleReference module) implements ModuleFinder {

        @Override
        public Optional<ModuleReference> find(String name) {
            return module.descriptor().name().equals(name) ? Optional.of(module) : Optional.empty();
        }

        @Override
        public Set<ModuleReference> findAll() {
            return Set.of(module);
        }
    }
}
