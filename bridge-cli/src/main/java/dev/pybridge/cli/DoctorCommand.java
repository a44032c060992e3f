package dev.pybridge.cli;

import dev.pybridge.cli.options.PythonOption;
import dev.pybridge.core.DoctorReport;
import dev.pybridge.core.PythonDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code ./pybridge doctor}: is the Python setup usable, and what to do if not. Exit code 0 when it is. */
@Command(name = "doctor", description = "Check the Python interpreter, the worker and the optional packages, and say what to fix.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    private PythonOption python;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DoctorReport report = PythonDoctor.examine(python.config().build());
        out.println("PyBridge doctor");
        row(out, "interpreter", report.configured() + report.interpreter().map(real -> " -> " + real).orElse(" (not usable)"));
        row(out, "version", report.version().map(version -> "Python " + version + " (PyBridge needs 3.9 or newer)").orElse("unknown"));
        row(out, "worker", report.workerStartMillis() < 0 ? "did not start" : "ready in " + report.workerStartMillis() + " ms");
        row(out, "commands", report.commands().isEmpty() ? "none" : String.join(", ", report.commands()));
        report.optionalPackages().forEach((name, version) ->
                row(out, "package", name + ": " + version.map(found -> "installed (" + found + ")").orElse("not importable")));
        if (!report.problems().isEmpty()) {
            out.println("  problems");
            for (DoctorReport.Problem problem : report.problems()) {
                out.println("    - " + (problem.fatal() ? "" : "(optional) ") + problem.what());
                out.println("      fix: " + problem.fix());
            }
        }
        row(out, "verdict", verdict(report));
        out.flush();
        return report.healthy() ? 0 : 1;
    }

    private static String verdict(DoctorReport report) {
        if (!report.healthy()) {
            return "NOT READY: fix the problems above";
        }
        long optional = report.problems().size();
        return "ready to use" + (optional == 0 ? "" : " (" + optional + " optional feature" + (optional == 1 ? "" : "s") + " unavailable)");
    }

    private static void row(PrintWriter out, String label, String text) {
        out.printf("  %-12s %s%n", label, text);
    }
}
