/**
 * The service provider interface for adapters: {@link dev.pybridge.api.spi.AdapterProvider}, found
 * by {@link java.util.ServiceLoader}, and {@link dev.pybridge.api.spi.AdapterCatalog}, which finds
 * providers, chooses one by name and checks its properties.
 *
 * @since 0.2
 */
package dev.pybridge.api.spi;
