package dev.pybridge.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.core.internal.engine.OwnedLauncher;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.program.PythonAdapter;

import static java.util.Objects.requireNonNull;

/**
 * Binds {@link PythonBridge} to one {@link SingleProcessBridge}, built from the configuration given
 * here, and {@link Adapter} to a {@link PythonAdapter} over it. The {@link WorkerLauncher} defaults to the one {@link BridgeConfig#launcher()} names ({@link LocalProcessLauncher} unless set), which the bridge closes; replace it with
 * {@code OptionalBinder.newOptionalBinder(binder(), WorkerLauncher.class).setBinding()...}.
 * {@link BridgeListener}s are collected with {@code Multibinder.newSetBinder(binder(), BridgeListener.class)}.
 *
 * <p>Installing this module together with the pool's {@code PoolModule} fails with Guice's
 * duplicate-binding error: there is no hidden switch between the two. Close the bridge (get it from
 * the injector) when done.
 *
 * @since 0.1
 */
public final class SingleProcessModule extends AbstractModule {

    private final BridgeConfig config;

    public SingleProcessModule(BridgeConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(BridgeConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), WorkerLauncher.class).setDefault()
                .toProvider((com.google.inject.Provider<WorkerLauncher>) () -> OwnedLauncher.of(config.launcher())).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), BridgeListener.class);
        bind(SingleProcessBridge.class).in(Scopes.SINGLETON);
        bind(PythonBridge.class).to(SingleProcessBridge.class);
    }

    @Provides
    @Singleton
    Adapter adapter(SingleProcessBridge bridge) {
        return PythonAdapter.builder(bridge).build();
    }
}
