/**
 * PyBridge's public API: {@link dev.pybridge.api.PythonBridge}, calls and values, configuration
 * records and the exception hierarchy; DSPy programs ({@code dev.pybridge.api.program}) and the
 * adapter providers that run them ({@code dev.pybridge.api.spi}). It depends on the JDK only, so
 * code that merely calls a bridge or implements a collaborator needs nothing else.
 *
 * @uses dev.pybridge.api.spi.AdapterProvider
 * @since 0.1
 */
module dev.pybridge.api {
    exports dev.pybridge.api;
    exports dev.pybridge.api.config;
    exports dev.pybridge.api.error;
    exports dev.pybridge.api.program;
    exports dev.pybridge.api.spi;
    // The launcher catalog in core checks properties and suggests spellings as the adapter catalog does.
    exports dev.pybridge.api.internal to dev.pybridge.core;

    uses dev.pybridge.api.spi.AdapterProvider;
}
