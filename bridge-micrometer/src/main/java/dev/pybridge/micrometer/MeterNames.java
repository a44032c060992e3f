package dev.pybridge.micrometer;

/** The names of the meters and tags, as the README lists them. */
final class MeterNames {

    static final String CALLS = "pybridge.calls";
    static final String QUEUED = "pybridge.calls.queued";
    static final String WORKERS = "pybridge.workers";
    static final String CIRCUIT_OPEN = "pybridge.circuit.open";
    static final String STARTS = "pybridge.worker.starts";
    static final String RESTARTS = "pybridge.worker.restarts";

    static final String BRIDGE = "bridge";
    static final String COMMAND = "command";
    static final String OUTCOME = "outcome";
    static final String STATE = "state";

    /** The outcome of a call that succeeded; a failed one's is its error category in lower case. */
    static final String OK = "ok";

    private MeterNames() {}
}
