package dev.pybridge.cli.bench;

import dev.pybridge.cli.options.PythonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./pybridge bench}: PyBridge against the raw pipe floor and the naive alternative, in one
 * run on one machine. Progress goes to stderr; stdout gets a table, then one summary line.
 */
@Command(name = "bench", description = "Measure PyBridge against a raw pipe floor and a process per call; end with one summary line.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A shorter run (under a minute on two cores) with the same summary line.")
    private boolean quick;

    @Mixin
    private PythonOption python;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchSettings settings = quick ? BenchSettings.quick() : BenchSettings.full();
        BenchResult result = new Benchmarks(python.config().build(), settings, spec.commandLine().getErr()).run();
        PreloadFigures preload = new PreloadBench(python.config().build(), quick, spec.commandLine().getErr()).run();
        printTable(out, result);
        preload.printRows(out);
        out.println(result.summary() + preload.summaryKeys());
        out.flush();
        return 0;
    }

    private void printTable(PrintWriter out, BenchResult result) {
        out.printf(Locale.ROOT, "PyBridge bench (%s) on %d cores, Java %s%n", quick ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.printf("%-44s %-22s %s%n", "figure", "value", "target");
        row(out, "round trip, one worker (p50 / p99)", result.roundTripP50Micros() + " / " + result.roundTripP99Micros() + " us", "");
        row(out, "raw pipe floor (p50)", result.floorP50Micros() + " us", "");
        ratio(out, "round trip / floor", result.roundTripVsFloor(), "<= 1.25", result.roundTripVsFloor() <= 1.25);
        ratio(out, "pipelined (16 in flight) / sequential", result.pipelinedSpeedup(), ">= 3", result.pipelinedSpeedup() >= 3);
        ratio(out, "pool of 2 / pool of 1, CPU-bound", result.pool2Speedup(), ">= 1.8", result.pool2Speedup() >= 1.8);
        row(out, "worker ready / python -c pass", String.format(Locale.ROOT, "%.1f / %.1f ms", result.coldStartMillis(), result.bareStartMillis()), "");
        ratio(out, "cold start / bare interpreter", result.coldStartVsBare(), "<= 1.3", result.coldStartVsBare() <= 1.3);
        row(out, "pool of 4 ready / pool of 1 ready", String.format(Locale.ROOT, "%.1f / %.1f ms", result.start4Millis(), result.start1Millis()), "");
        ratio(out, "parallel start, 4 / 1", result.start4VsStart1(), "<= 2.3", result.start4VsStart1() <= 2.3);
        row(out, "a process spawned per call", String.format(Locale.ROOT, "%.1f ms", result.spawnPerCallMillis()), "");
        FirstCalls first = result.firstCalls();
        row(out, "fresh JVM to first reply / bare pipe", String.format(Locale.ROOT, "%.0f / %.0f ms", first.bridgeMillis(), first.floorMillis()), "");
        ratio(out, "first call / floor", first.vsFloor(), "<= 1.5", first.vsFloor() <= 1.5);
        row(out, "  in its JVM: to launcher / process / reply", String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms",
                first.toLauncherMillis(), first.toProcessMillis(), first.toReplyMillis()), "");
        ScriptBindingEvals scripts = result.scriptEvals();
        row(out, "script eval, 20 MB bound / plain", String.format(Locale.ROOT, "%.0f / %.0f us", scripts.boundMicros(), scripts.plainMicros()), "");
        ratio(out, "script eval with a 20 MB binding / without", scripts.ratio(), "<= 1.5", scripts.ratio() <= 1.5);
        row(out, "idle worker resident memory", String.format(Locale.ROOT, "%.1f MiB", result.workerRssMib()),
                "<= 15" + (result.workerRssMib() <= 15 ? "" : "   MISSED"));
        WireFigures wire = result.wire();
        ratio(out, "8 in flight / raw echo loop, 8 in flight", wire.pipelinedVsFloor(), ">= 0.8", wire.pipelinedVsFloor() >= 0.8);
        row(out, "double[1M] / 8M-char string / raw 8 MB", String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                wire.arrayMillis(), wire.stringMillis(), wire.bulkFloorMillis()), "");
        ratio(out, "double[1M] round trip / raw pipe", wire.arrayVsFloor(), "<= 2", wire.arrayVsFloor() <= 2);
        ratio(out, "8M-char string round trip / raw pipe", wire.stringVsFloor(), "<= 2", wire.stringVsFloor() <= 2);
    }

    private static void ratio(PrintWriter out, String figure, double value, String target, boolean met) {
        row(out, figure, String.format(Locale.ROOT, "%.2f", value), target + (met ? "" : "   MISSED"));
    }

    private static void row(PrintWriter out, String figure, String value, String target) {
        out.printf("%-44s %-22s %s%n", figure, value, target);
    }
}
