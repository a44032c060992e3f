package dev.pybridge.core;

import dev.pybridge.testing.TestingPython;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.core.event.BridgeEvent;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.testing.Await;
import dev.pybridge.testing.NoProcessLeft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

@ExtendWith(NoProcessLeft.class)
class SingleProcessModuleIT {

    @Test
    void bindsOneSingleProcessBridge() {
        Injector injector = Guice.createInjector(new SingleProcessModule(TestingPython.config().build()));
        try (PythonBridge python = injector.getInstance(PythonBridge.class)) {
            assertInstanceOf(SingleProcessBridge.class, python);
            assertSame(python, injector.getInstance(PythonBridge.class));
            assertEquals(3L, python.eval("1 + 2"));
        }
    }

    @Test
    void listenersAreCollectedWithAMultibinder() {
        List<BridgeEvent> events = new CopyOnWriteArrayList<>();
        Injector injector = Guice.createInjector(new SingleProcessModule(TestingPython.config().build()), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BridgeListener.class).addBinding().toInstance(events::add);
            }
        });
        try (PythonBridge python = injector.getInstance(PythonBridge.class)) {
            assertEquals(3L, python.eval("1 + 2"));
            Await.until("the start and the call were heard", 10, () -> events.stream().anyMatch(BridgeEvent.WorkerStarted.class::isInstance)
                    && events.stream().anyMatch(BridgeEvent.CallCompleted.class::isInstance));
        }
    }

    @Test
    void theLauncherCanBeReplaced() {
        AtomicInteger launches = new AtomicInteger();
        LocalProcessLauncher local = new LocalProcessLauncher();
        Injector injector = Guice.createInjector(new SingleProcessModule(TestingPython.config().build()), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), WorkerLauncher.class).setBinding().toInstance(spec -> {
                    launches.incrementAndGet();
                    return local.launch(spec);
                });
            }
        });
        try (PythonBridge python = injector.getInstance(PythonBridge.class)) {
            assertEquals("ok", python.eval("'ok'"));
        }
        assertEquals(1, launches.get());
    }
}
