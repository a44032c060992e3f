/**
 * PyBridge's public API: {@link dev.pybridge.api.PythonBridge}, calls and values, configuration
 * records and the exception hierarchy; and the types of DSPy programs ({@code dev.pybridge.api.program}).
 * It depends on the JDK only, so code that merely calls a bridge or implements a collaborator needs
 * nothing else.
 *
 * @since 0.1
 */
module dev.pybridge.api {
    exports dev.pybridge.api;
    exports dev.pybridge.api.config;
    exports dev.pybridge.api.error;
    exports dev.pybridge.api.program;
}
