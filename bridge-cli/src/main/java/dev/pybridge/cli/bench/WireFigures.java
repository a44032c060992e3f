package dev.pybridge.cli.bench;

import java.util.Locale;

/**
 * The figures of large payloads and calls in flight, each against its floor measured in the same run.
 *
 * @param pipelinedVsFloor echoes per second through one worker with 8 in flight, over a raw Python echo loop with 8 in flight
 * @param arrayMillis median round trip of a {@code double[1_000_000]} echo
 * @param stringMillis median round trip of an 8 M-character string echo
 * @param bulkFloorMillis median time for the raw pipe to move the same 8 MB each way
 */
record WireFigures(double pipelinedVsFloor, double arrayMillis, double stringMillis, double bulkFloorMillis) {

    double arrayVsFloor() {
        return arrayMillis / bulkFloorMillis;
    }

    double stringVsFloor() {
        return stringMillis / bulkFloorMillis;
    }

    /** Its keys on the summary line. */
    String summary() {
        return String.format(Locale.ROOT, "pipelined_vs_floor=%.2f array_1m_vs_floor=%.2f string_8m_vs_floor=%.2f",
                pipelinedVsFloor, arrayVsFloor(), stringVsFloor());
    }
}
