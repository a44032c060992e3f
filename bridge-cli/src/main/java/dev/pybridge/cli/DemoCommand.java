package dev.pybridge.cli;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.PythonException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.program.AdapterHealth;
import dev.pybridge.api.program.ApiKey;
import dev.pybridge.api.program.LmConfig;
import dev.pybridge.api.program.Prediction;
import dev.pybridge.api.program.ProgramSpec;
import dev.pybridge.cli.measure.Latencies;
import dev.pybridge.cli.options.OptionValues;
import dev.pybridge.cli.options.PythonOption;
import dev.pybridge.core.SingleProcessBridge;
import dev.pybridge.core.program.PythonAdapter;
import dev.pybridge.core.status.WorkerStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** {@code ./pybridge demo}: real Python through a real worker, errors, a crash, a timeout, timings. */
@Command(name = "demo", description = "Start a bridge, run real Python through it, show errors, a crash and a timeout, and shut down.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    private PythonOption python;

    @Spec
    private CommandSpec spec;

    private static final String LM_VARIABLE = "PYBRIDGE_LM";
    private static final String KEY_VARIABLE = "PYBRIDGE_LM_API_KEY";
    private static final Duration LM_TIMEOUT = Duration.ofSeconds(60);

    private int calls;

    private PrintWriter out;

    // Any positive count: the timings go into a histogram, so memory does not grow with it.
    @Option(names = "--calls", defaultValue = "2000", paramLabel = "N",
            description = "Calls to time for the round-trip figure, at least 1 (default: ${DEFAULT-VALUE}).")
    private void calls(String value) {
        calls = OptionValues.wholeNumber(spec, "--calls", value, 1, Integer.MAX_VALUE);
    }

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        out.println("PyBridge demo: CPython called from Java through a supervised worker process");
        out.println();
        long startNanos = System.nanoTime();
        SingleProcessBridge bridge = SingleProcessBridge.start(python.config().build());
        long closeNanos;
        long workerPid;
        try {
            WorkerStatus worker = bridge.status().worker().orElseThrow();
            workerPid = worker.pid();
            out.printf("  worker   %s, pid %d, Python %s, ready in %d ms%n%n", worker.id(), worker.pid(),
                    worker.ready().python(), millisSince(startNanos));
            evaluate(bridge);
            defineAndCall(bridge);
            convertValues(bridge);
            raise(bridge);
            survive(bridge);
            time(bridge);
            roundTrips(bridge);
            programs(bridge);
        }
        finally {
            closeNanos = System.nanoTime();
            bridge.close();
        }
        boolean gone = ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive);
        out.printf("9. Shut down: closed in %d ms; Python processes left behind: %s%n", millisSince(closeNanos), gone ? "none" : "some!");
        out.flush();
        return gone ? 0 : 1;
    }

    private void evaluate(SingleProcessBridge bridge) {
        step(1, "Evaluate a Python expression");
        String code = "sum(i * i for i in range(1000))";
        Object value = bridge.eval(code);
        show("java", "python.eval(\"" + code + "\")");
        show("result", value + " (" + value.getClass().getName() + ")");
    }

    private void defineAndCall(SingleProcessBridge bridge) {
        step(2, "Define a Python function, then call it from Java");
        bridge.exec("def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n");
        show("python", "def fib(n): ...  (iterative Fibonacci)");
        show("java", "python.invoke(\"fib\", 90)");
        show("result", String.valueOf(bridge.invoke("fib", 90)));
    }

    private void convertValues(SingleProcessBridge bridge) {
        step(3, "Python values arrive as plain Java values");
        String code = "{'name': 'Ada', 'born': 1815, 'ratio': 0.5, 'big': 2 ** 80, 'tags': ('math', 'poetry'), 'raw': b'\\x00\\xff'}";
        Map<?, ?> value = (Map<?, ?>) bridge.eval(code);
        show("python", code);
        value.forEach((key, item) -> show("  " + key, describe(item)));
    }

    private void raise(SingleProcessBridge bridge) {
        step(4, "A Python exception arrives as a typed Java exception; the worker keeps serving");
        try {
            bridge.exec("def ratio(a, b):\n    return a / b\n\nratio(1, 0)\n");
        }
        catch (PythonException e) {
            show("java", e.getClass().getSimpleName() + " (category " + e.category() + ", retryable " + e.isRetryable() + ")");
            show("python", e.pythonType() + ": " + e.pythonMessage()
                    + e.location().map(where -> " at line " + where.line() + " of " + where.file()).orElse(""));
        }
        show("next", "python.eval(\"1 + 1\") = " + bridge.eval("1 + 1"));
    }

    private void survive(SingleProcessBridge bridge) {
        step(5, "The worker is killed with SIGKILL in the middle of a call: one call fails, the JVM does not");
        long pid = bridge.status().workerPid();
        CompletableFuture<Object> sleeping = bridge.submit(Call.exec("import time\ntime.sleep(30)"));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        try {
            sleeping.join();
        }
        catch (CompletionException e) {
            if (e.getCause() instanceof WorkerCrashedException crash) {
                show("java", "WorkerCrashedException: " + firstLine(crash.getMessage()));
            }
            else {
                throw e;
            }
        }
        Object answer = bridge.eval("2 + 2");
        show("next", "python.eval(\"2 + 2\") = " + answer + " on a new worker, pid " + bridge.status().workerPid());
    }

    private void time(SingleProcessBridge bridge) {
        step(6, "A call that passes its deadline fails with a timeout; the stuck worker is replaced");
        long started = System.nanoTime();
        try {
            bridge.call(Call.exec("while True:\n    pass").withTimeout(Duration.ofMillis(300)));
        }
        catch (BridgeTimeoutException e) {
            show("java", "BridgeTimeoutException after " + millisSince(started) + " ms");
        }
        show("next", "python.eval(\"3 + 3\") = " + bridge.eval("3 + 3") + " on a new worker, pid " + bridge.status().workerPid());
    }

    private void roundTrips(SingleProcessBridge bridge) {
        step(7, "Round-trip time of one small call (echo), " + calls + " calls one after another");
        Call echo = Call.echo("hello");
        for (int i = 0; i < Math.min(calls, 500); i++) {
            bridge.call(echo);
        }
        Latencies latencies = new Latencies();
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            bridge.call(echo);
            latencies.recordNanos(System.nanoTime() - started);
        }
        show("time", "median " + latencies.percentileMicros(50) + " µs, p99 " + latencies.percentileMicros(99) + " µs");
    }

    private void programs(SingleProcessBridge bridge) {
        step(8, "A DSPy program from Java: chain of thought, through the Adapter SPI");
        String python = bridge.status().worker().map(worker -> worker.ready().executable()).orElse("python3");
        try (PythonAdapter adapter = PythonAdapter.builder(bridge).timeout(LM_TIMEOUT).build()) {
            AdapterHealth health = adapter.health();
            if (!health.healthy()) {
                show("skipped", "DSPy does not import in " + python + ". To run this step: " + python + " -m pip install dspy");
                show("", "then set " + LM_VARIABLE + " (a model, such as openai/gpt-4o-mini) and " + KEY_VARIABLE + " (its API key)");
                return;
            }
            String model = System.getenv(LM_VARIABLE);
            if (model == null || model.isBlank()) {
                show("skipped", "DSPy " + health.dspyVersion().orElse("") + " is installed; set " + LM_VARIABLE
                        + " (a model, such as openai/gpt-4o-mini) and " + KEY_VARIABLE + " (its API key) to run a program");
                return;
            }
            LmConfig.Builder lm = LmConfig.builder(model);
            Optional.ofNullable(System.getenv(KEY_VARIABLE)).filter(key -> !key.isBlank()).map(ApiKey::of).ifPresent(lm::apiKey);
            adapter.configureLm(lm.build());
            adapter.createProgram(ProgramSpec.chainOfThought("question -> answer").withId("demo"));
            String question = "What is the capital of the country whose largest city is Zurich?";
            show("java", "adapter.execute(\"demo\", Map.of(\"question\", ...)) with " + model);
            long started = System.nanoTime();
            Prediction prediction = adapter.execute("demo", Map.of("question", question));
            show("answer", prediction.getString("answer") + " (" + millisSince(started) + " ms)");
            prediction.reasoning().ifPresent(reasoning -> show("because", firstLine(reasoning)));
            prediction.usage().forEach((name, tokens) -> show("tokens", name + ": " + tokens.totalTokens()));
        }
        catch (BridgeException e) {
            show("failed", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            show("", "check " + LM_VARIABLE + " and " + KEY_VARIABLE + ", and that this machine reaches the provider");
        }
    }

    private void step(int number, String title) {
        out.printf("%d. %s%n", number, title);
    }

    private void show(String label, String text) {
        out.printf("     %-8s %s%n", label, text);
    }

    private static String describe(Object value) {
        if (value instanceof byte[] bytes) {
            return "byte[" + bytes.length + "]";
        }
        String type = value instanceof List ? "List" : value instanceof Map ? "Map" : value.getClass().getSimpleName();
        return value + " (" + type + ")";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end) + " ...";
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
