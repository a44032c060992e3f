package dev.pybridge.testkit;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.pool.PoolListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A fixture's bridge taken from a suite's own Guice modules ({@code SingleProcessModule} or
 * {@code PoolModule} and whatever else the suite installs), with the fixture's listener added and,
 * for fake workers, the launcher replaced. Kept apart so that the testkit needs Guice only here.
 */
final class GuiceBridges {

    private GuiceBridges() {}

    static PythonBridge start(List<Module> modules, Consumer<Object> events, Optional<WorkerLauncher> launcher) {
        List<Module> all = new ArrayList<>(modules);
        all.add(new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), BridgeListener.class).addBinding().toInstance(events::accept);
                Multibinder.newSetBinder(binder(), PoolListener.class).addBinding().toInstance(events::accept);
                launcher.ifPresent(fake -> OptionalBinder.newOptionalBinder(binder(), WorkerLauncher.class).setBinding().toInstance(fake));
            }
        });
        Injector injector = Guice.createInjector(all);
        return injector.getInstance(PythonBridge.class);
    }
}
