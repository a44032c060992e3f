package dev.pybridge.cli.bench;

import java.util.Locale;

/**
 * The figures of one bench run.
 *
 * @param roundTripP50Micros median round trip of one small call through a bridge with one worker
 * @param roundTripP99Micros its 99th percentile
 * @param floorP50Micros median round trip of the raw pipe floor
 * @param pipelinedSpeedup calls per second with 16 in flight on one worker, over one at a time
 * @param pool2Speedup CPU-bound calls per second on a pool of 2, over a pool of 1
 * @param coldStartMillis median time to a ready worker
 * @param bareStartMillis median time to run {@code python -c pass} with the same interpreter
 * @param start1Millis median time to a ready pool of 1
 * @param start4Millis median time to a ready pool of 4, started in parallel
 * @param spawnPerCallMillis median time of one call made by starting a Python process for it
 * @param workerRssMib resident memory of an idle worker
 * @param firstCalls a fresh JVM's time to its first reply, through PyBridge and through a bare pipe
 * @param scriptEvals a script-engine eval with a 20 MB binding present and without it
 * @param wire calls in flight and 8 MB payloads against their raw-pipe floors
 */
record BenchResult(long roundTripP50Micros, long roundTripP99Micros, long floorP50Micros, double pipelinedSpeedup,
        double pool2Speedup, double coldStartMillis, double bareStartMillis, double start1Millis, double start4Millis,
        double spawnPerCallMillis, double workerRssMib, FirstCalls firstCalls,
        ScriptBindingEvals scriptEvals, WireFigures wire) {

    double roundTripVsFloor() {
        return (double) roundTripP50Micros / floorP50Micros;
    }

    double coldStartVsBare() {
        return coldStartMillis / bareStartMillis;
    }

    double start4VsStart1() {
        return start4Millis / start1Millis;
    }

    /** The one summary line: the keys in the order they were added, newer ones last. */
    String summary() {
        return String.format(Locale.ROOT, "bench: roundtrip_p50_us=%d floor_p50_us=%d roundtrip_vs_floor=%.2f pipelined_speedup=%.2f "
                        + "pool2_speedup=%.2f coldstart_vs_bare=%.2f start4_vs_start1=%.2f spawn_per_call_ms=%.1f worker_rss_mib=%.1f "
                        + "first_call_vs_floor=%.2f first_call_ms=%.0f script_bound_vs_plain=%.2f %s",
                roundTripP50Micros, floorP50Micros, roundTripVsFloor(), pipelinedSpeedup, pool2Speedup, coldStartVsBare(),
                start4VsStart1(), spawnPerCallMillis, workerRssMib, firstCalls.vsFloor(), firstCalls.bridgeMillis(),
                scriptEvals.ratio(), wire.summary());
    }
}
