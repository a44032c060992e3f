package dev.pybridge.api.spi;

import dev.pybridge.api.program.Adapter;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** A provider made in a test, whose create does what the test says. */
record TestingProvider(String name, Set<AdapterProperty> properties, Function<Map<String, String>, Adapter> factory)
        implements AdapterProvider {

    static TestingProvider named(String name, AdapterProperty... properties) {
        return new TestingProvider(name, Set.of(properties), settings -> stubAdapter());
    }

    @Override
    public Adapter create(Map<String, String> settings) {
        return factory.apply(settings);
    }

    /** An adapter that can only be closed, whatever methods Adapter has. */
    static Adapter stubAdapter() {
        return (Adapter) Proxy.newProxyInstance(Adapter.class.getClassLoader(), new Class<?>[] {Adapter.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "toString" -> "stub adapter";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
