/**
 * PyBridge's core: the single-process bridge and its Guice module, its events, the launcher SPI, the doctor, and
 * inside, the wire protocol, the worker processes and the one supervision engine that both the
 * single bridge and the pool run on. The Python worker travels inside this module's jar.
 *
 * @since 0.1
 */
// The qualified exports name modules built after this one; javac would warn that it cannot see them yet.
@SuppressWarnings("module")
module dev.pybridge.core {
    requires transitive dev.pybridge.api;
    requires com.fasterxml.jackson.core;
    // Reads program outputs into the caller's records.
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    // Latency percentiles; the jar names no module, so its file name does.
    requires HdrHistogram;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports dev.pybridge.core;
    exports dev.pybridge.core.event;
    exports dev.pybridge.core.launch;
    // The ssh launcher's provider alone is public there; callers choose it by name through the catalog.
    exports dev.pybridge.core.launch.ssh;
    exports dev.pybridge.core.program;
    exports dev.pybridge.core.status;
    // The engine is what the pool adds its policies to; users and launcher authors never see it.
    exports dev.pybridge.core.internal.engine to dev.pybridge.pool;
    // The pool's adapter provider reads the same properties as the single bridge's.
    exports dev.pybridge.core.internal.adapter to dev.pybridge.pool;
    // The script engine compares bindings by their encoding.
    exports dev.pybridge.core.internal.protocol to dev.pybridge.jsr223;

    opens dev.pybridge.core to com.google.guice;

    uses dev.pybridge.core.launch.LauncherProvider;

    provides dev.pybridge.api.spi.AdapterProvider with dev.pybridge.core.PythonAdapterProvider;
    provides dev.pybridge.core.launch.LauncherProvider with dev.pybridge.core.launch.LocalLauncherProvider,
            dev.pybridge.core.launch.ssh.SshLauncherProvider;
}
