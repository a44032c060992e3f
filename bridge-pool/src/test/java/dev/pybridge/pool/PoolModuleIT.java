package dev.pybridge.pool;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.core.SingleProcessModule;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoProcessLeft.class)
class PoolModuleIT {

    @Test
    void bindsOnePooledBridgeWithItsListeners() {
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        Injector injector = Guice.createInjector(new PoolModule(TestingPool.config(2).build()), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), PoolListener.class).addBinding().toInstance(events::add);
            }
        });
        try (PythonBridge python = injector.getInstance(PythonBridge.class)) {
            assertInstanceOf(PooledBridge.class, python);
            assertEquals(7L, python.eval("3 + 4"));
        }
        assertEquals(2, events.stream().filter(PoolEvent.WorkerStarted.class::isInstance).count());
    }

    @Test
    void cannotBeInstalledWithTheSingleProcessModule() {
        CreationException error = assertThrows(CreationException.class, () -> Guice.createInjector(
                new PoolModule(TestingPool.config(1).build()), new SingleProcessModule(TestingPool.bridge().build())));
        assertTrue(error.getMessage().contains("PythonBridge was bound multiple times"), error.getMessage());
    }
}
