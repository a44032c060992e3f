package dev.pybridge.micrometer;

import com.google.inject.AbstractModule;
import com.google.inject.Binding;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.spi.ProvisionListener;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.event.BridgeListener;
import dev.pybridge.pool.PoolListener;
import dev.pybridge.pool.PooledBridge;
import io.micrometer.core.instrument.MeterRegistry;

import static java.util.Objects.requireNonNull;

/**
 * Wires a {@link PyBridgeMetrics} into an injector that has {@code PoolModule} or
 * {@code SingleProcessModule}: adds it to the bridge's listeners, and when the injector makes the
 * bridge, has it watch the bridge and binds it to the injector's {@link MeterRegistry} (bind one).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new PoolModule(config),
 *         new PyBridgeMetricsModule(PyBridgeMetrics.builder("orders").build()),
 *         binder -> binder.bind(MeterRegistry.class).toInstance(registry));
 * }</pre>
 *
 * @since 0.1
 */
public final class PyBridgeMetricsModule extends AbstractModule {

    private final PyBridgeMetrics metrics;

    public PyBridgeMetricsModule(PyBridgeMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), PoolListener.class).addBinding().toInstance(metrics);
        Multibinder.newSetBinder(binder(), BridgeListener.class).addBinding().toInstance(metrics);
        Provider<MeterRegistry> registry = getProvider(MeterRegistry.class);
        bindListener(PyBridgeMetricsModule::makesABridge, new ProvisionListener() {
            @Override
            public <T> void onProvision(ProvisionInvocation<T> provision) {
                Object bridge = provision.provision();
                if (bridge instanceof PooledBridge pool) {
                    metrics.watch(pool);
                }
                else {
                    metrics.watch((SingleProcessBridge) bridge);
                }
                metrics.bindTo(registry.get());
            }
        });
    }

    // The bindings that make the bridges themselves; the PythonBridge binding only links to one of them.
    private static boolean makesABridge(Binding<?> binding) {
        Class<?> type = binding.getKey().getTypeLiteral().getRawType();
        return type == PooledBridge.class || type == SingleProcessBridge.class;
    }
}
