package dev.pybridge.cli.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The fork server's figures: pools whose workers need heavy imports.
 *
 * @param modules the preload modules measured
 * @param spawnOneMillis median time to a ready pool of one spawned worker that imports them
 * @param fork4Millis median time to a ready pool of 4 forked from a fork server that imported them
 * @param replaceMillis median time of a forked worker's replacement from its launch to its ready
 * @param killToReadyMillis median time from the SIGKILL of a forked worker to its replacement's ready: the
 *     replacement's start, and before it the death's detection and the restart policy's backoff (a worker that dies
 *     within {@code stableAfter} of its start counts as a failed start)
 * @param pssForkedMib summed PSS of 4 forked workers and their fork server
 * @param pssSpawnedMib summed PSS of 4 spawned workers with the same imports
 */
record PreloadFigures(List<String> modules, double spawnOneMillis, double fork4Millis, double replaceMillis, double killToReadyMillis,
        double pssForkedMib,
        double pssSpawnedMib) {

    double preload4VsOne() {
        return fork4Millis / spawnOneMillis;
    }

    double replaceVsOne() {
        return replaceMillis / spawnOneMillis;
    }

    double pss4VsSpawned() {
        return pssForkedMib / pssSpawnedMib;
    }

    /** The keys this adds to the summary line, each with a leading space. */
    String summaryKeys() {
        return String.format(Locale.ROOT, " preload4_vs_one=%.2f replace_vs_one=%.2f pss4_vs_spawned=%.2f",
                preload4VsOne(), replaceVsOne(), pss4VsSpawned());
    }

    void printRows(PrintWriter out) {
        row(out, "preload modules", String.join(", ", modules), "");
        row(out, "forked pool of 4 / one spawned, ready", String.format(Locale.ROOT, "%.0f / %.0f ms", fork4Millis, spawnOneMillis), "");
        ratio(out, "preload, pool of 4 / one spawned", preload4VsOne(), "<= 1.3", preload4VsOne() <= 1.3);
        row(out, "replacement launch to ready / from kill", String.format(Locale.ROOT, "%.0f / %.0f ms", replaceMillis,
                killToReadyMillis), "");
        ratio(out, "replacement / one spawned", replaceVsOne(), "<= 0.1", replaceVsOne() <= 0.1);
        row(out, "PSS, 4 forked (+ server) / 4 spawned", String.format(Locale.ROOT, "%.1f / %.1f MiB", pssForkedMib, pssSpawnedMib), "");
        ratio(out, "PSS, forked / spawned", pss4VsSpawned(), "<= 0.5", pss4VsSpawned() <= 0.5);
    }

    private static void ratio(PrintWriter out, String figure, double value, String target, boolean met) {
        row(out, figure, String.format(Locale.ROOT, "%.2f", value), target + (met ? "" : "   MISSED"));
    }

    private static void row(PrintWriter out, String figure, String value, String target) {
        out.printf("%-44s %-22s %s%n", figure, value, target);
    }
}
