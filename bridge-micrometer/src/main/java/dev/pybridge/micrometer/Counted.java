package dev.pybridge.micrometer;

/** What happens to workers and sessions that a counter counts, with the counter's name. */
enum Counted {
    START_FAILURES("pybridge.worker.start.failures", "Worker starts that failed"),
    CRASHES("pybridge.worker.crashes", "Workers that died without being asked to"),
    TIMEOUTS("pybridge.worker.timeouts", "Workers replaced because a call on them passed its deadline"),
    RETIREMENTS("pybridge.worker.retirements", "Workers replaced because they failed a health check"),
    RECYCLES("pybridge.worker.recycles", "Workers recycled by call count, age or memory"),
    CIRCUIT_OPENINGS("pybridge.circuit.openings", "Times the circuit opened because workers kept failing"),
    SESSION_MOVES("pybridge.session.moves", "Sessions rebuilt on another worker");

    final String meter;
    final String description;

    Counted(String meter, String description) {
        this.meter = meter;
        this.description = description;
    }
}
