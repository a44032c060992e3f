package dev.pybridge.pool;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.pybridge.api.PythonBridge;
import dev.pybridge.api.program.Adapter;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerLauncher;
import dev.pybridge.core.program.PythonAdapter;

import static java.util.Objects.requireNonNull;

/**
 * Binds {@link PythonBridge} to one {@link PooledBridge}, built from the configuration given here.
 * The {@link WorkerLauncher} defaults to the configured ones ({@link PoolConfig#placements()}, else the bridge
 * configuration's launcher: {@link LocalProcessLauncher} unless set), which the pool closes (replace it with
 * {@code OptionalBinder}); {@link PoolListener}s are collected with
 * {@code Multibinder.newSetBinder(binder(), PoolListener.class)}.
 *
 * <p>Installing this module together with {@code SingleProcessModule} fails with Guice's
 * duplicate-binding error: there is no hidden switch between the two. Close the bridge (get it
 * from the injector) when done.
 *
 * @since 0.1
 */
public final class PoolModule extends AbstractModule {

    private final PoolConfig config;

    public PoolModule(PoolConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(PoolConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), WorkerLauncher.class).setDefault()
                .toProvider((com.google.inject.Provider<WorkerLauncher>) () -> PooledBridge.launcherOf(config)).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), PoolListener.class);
        bind(PooledBridge.class).in(Scopes.SINGLETON);
        bind(PythonBridge.class).to(PooledBridge.class);
    }

    @Provides
    @Singleton
    Adapter adapter(PooledBridge pool) {
        return PythonAdapter.builder(pool).workers(config.size()).build();
    }
}
