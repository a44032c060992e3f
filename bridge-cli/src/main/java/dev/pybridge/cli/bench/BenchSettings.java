package dev.pybridge.cli.bench;

/**
 * How much each benchmark does: the full run, or a quick one that finishes in under a minute on
 * two cores with the same summary line.
 *
 * @param roundTrips echo calls timed for the round trip and its floor, in total
 * @param blocks how many alternating blocks the round trips are split into, so that the floor and
 *     the bridge see the same machine noise
 * @param pipelined calls for the pipelining figure
 * @param poolCalls CPU-bound calls for the pool-scaling figure, per pool
 * @param starts cold starts timed, per kind
 * @param spawns processes spawned for the spawn-per-call figure
 * @param firstCalls fresh JVMs timed to their first reply, per kind
 * @param bulkRounds 8 MB round trips timed, per kind (array, string, raw pipe)
 */
record BenchSettings(int roundTrips, int blocks, int pipelined, int poolCalls, int starts, int spawns, int firstCalls, int bulkRounds) {

    static BenchSettings full() {
        return new BenchSettings(20_000, 10, 20_000, 3_000, 21, 30, 11, 11);
    }

    static BenchSettings quick() {
        return new BenchSettings(4_000, 4, 4_000, 600, 7, 10, 5, 5);
    }
}
