/** A downstream library that normalises text through Python, over any PythonBridge. */
module com.example.scoring {
    requires transitive dev.pybridge.api;

    exports com.example.scoring;
}
