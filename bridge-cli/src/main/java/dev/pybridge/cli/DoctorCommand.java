package dev.pybridge.cli;

import dev.pybridge.api.config.BridgeConfig;
import dev.pybridge.api.config.LauncherChoice;
import dev.pybridge.cli.options.LauncherOption;
import dev.pybridge.cli.options.PythonOption;
import dev.pybridge.core.DoctorReport;
import dev.pybridge.core.PythonDoctor;
import dev.pybridge.core.launch.LauncherCatalog;
import dev.pybridge.core.launch.WorkerLauncher;
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

    @Mixin
    private LauncherOption launcher;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LauncherChoice choice = launcher.choice();
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
        boolean hostsOk = choice.equals(LauncherChoice.local()) || checkHosts(out, choice);
        row(out, "verdict", hostsOk ? verdict(report) : "NOT READY: a host of launcher " + choice.name() + " cannot run workers (above)");
        out.flush();
        return report.healthy() && hostsOk ? 0 : 1;
    }

    /** A row per host of the launcher: whether a worker starts there, and its Python; whether all did. */
    private boolean checkHosts(PrintWriter out, LauncherChoice choice) {
        BridgeConfig config = python.config().launcher(choice).build();
        WorkerLauncher made = LauncherCatalog.load().create(choice.name(), choice.properties());
        try {
            boolean ok = true;
            out.println("  hosts (launcher " + choice.name() + ")");
            for (HostChecks.HostCheck check : HostChecks.run(config, made)) {
                ok &= check.ok();
                out.printf("    %-20s %s%n", check.host(), check.ok()
                        ? check.worker().map(w -> "Python " + w.ready().python() + " (" + w.ready().executable() + "), worker ready in "
                                + check.startMillis() + " ms").orElse("worker ready")
                        : "FAILED: " + check.failure().orElseThrow());
            }
            return ok;
        }
        finally {
            made.close();
        }
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
