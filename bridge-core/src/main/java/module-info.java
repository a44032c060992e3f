/**
 * PyBridge's core: the wire protocol, one supervised worker process, the single-process bridge and
 * its Guice module, and the JSR-223 script engine. The Python worker travels inside this module's jar.
 *
 * @since 0.1
 */
module dev.pybridge.core {
    requires transitive dev.pybridge.api;
    requires transitive java.scripting;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports dev.pybridge.core;
    exports dev.pybridge.core.launch;
    exports dev.pybridge.core.script;
    // The engine is what the pool adds its policies to; users and launcher authors never see it.
    exports dev.pybridge.core.engine to dev.pybridge.pool;

    opens dev.pybridge.core to com.google.guice;

    provides javax.script.ScriptEngineFactory with dev.pybridge.core.script.PythonScriptEngineFactory;
}
