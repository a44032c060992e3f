package dev.pybridge.testkit.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The built-in commands of the fake worker but {@code cancel} and {@code shutdown}, which steer the
 * worker itself: {@code ping}, {@code echo}, {@code stats}, {@code session.close}, and
 * {@code eval}, {@code exec} and {@code call} over the fake's small language ({@link Expressions}).
 */
final class BuiltinCommands {

    /** The interpreter version the fake claims in its ready frame and stats. */
    static final String PYTHON_VERSION = "3.12.0";

    private final Sessions sessions;
    private final int threads;
    private final long startedNanos = System.nanoTime();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    BuiltinCommands(Sessions sessions, int threads) {
        this.sessions = sessions;
        this.threads = threads;
    }

    /** Adds the commands to {@code table}. */
    void addTo(Map<String, Command> table) {
        table.put("ping", this::ping);
        table.put("echo", request -> Args.of("echo", request.args(), "value").required("value"));
        table.put("eval", this::eval);
        table.put("exec", this::exec);
        table.put("call", this::call);
        table.put("stats", this::stats);
        table.put("session.close", request -> {
            Args.of("session.close", request.args());
            return Map.of("closed", sessions.close(request.session()));
        });
    }

    /** Counts a request as it starts. */
    void started() {
        requests.increment();
        inFlight.incrementAndGet();
    }

    /** Counts a request as it is answered (or dropped). */
    void ended(boolean failed) {
        inFlight.decrementAndGet();
        if (failed) {
            errors.increment();
        }
    }

    private Object ping(Request request) {
        Args.of("ping", request.args());
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("pong", true);
        pong.put("pid", -1L);
        pong.put("uptime_s", uptimeSeconds());
        return pong;
    }

    private Object stats(Request request) {
        Args.of("stats", request.args());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("pid", -1L);
        stats.put("python", PYTHON_VERSION);
        stats.put("uptime_s", uptimeSeconds());
        stats.put("requests", requests.sum());
        stats.put("errors", errors.sum());
        stats.put("in_flight", (long) inFlight.get());
        stats.put("sessions", (long) sessions.size());
        // No process, no resident memory: a pool's memory limit never recycles a fake worker.
        stats.put("rss_bytes", 0L);
        stats.put("threads", (long) threads);
        return stats;
    }

    private Object eval(Request request) {
        Args args = Args.of("eval", request.args(), "code", "capture", "filename");
        String code = args.string("code");
        args.string("filename", "<pybridge>");
        Sessions.Session session = sessions.of(request.session());
        Object value;
        synchronized (session) {
            value = Expressions.evaluate(code.strip(), session.namespace).orElse(new Expressions.Value(code)).value();
        }
        return captured(args, value);
    }

    private Object exec(Request request) {
        Args args = Args.of("exec", request.args(), "code", "capture", "filename");
        String code = args.string("code");
        args.string("filename", "<pybridge>");
        Sessions.Session session = sessions.of(request.session());
        Object value;
        synchronized (session) {
            value = Expressions.execute(code, session.namespace);
        }
        return captured(args, value);
    }

    private Object call(Request request) {
        Args args = Args.of("call", request.args(), "target", "args", "kwargs", "capture");
        String target = args.string("target");
        if (target.isBlank()) {
            throw WorkerError.invalidArguments("call: argument 'target' must name a callable, such as 'package.module:function'");
        }
        List<?> arguments = args.list("args", List.of());
        args.map("kwargs", Map.of());
        sessions.of(request.session());
        return captured(args, arguments);
    }

    // With capture, the result as the worker wraps it; the fake's code prints nothing.
    private static Object captured(Args args, Object value) {
        if (!args.bool("capture", false)) {
            return value;
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("value", value);
        wrapped.put("stdout", "");
        wrapped.put("stderr", "");
        return wrapped;
    }

    private double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
