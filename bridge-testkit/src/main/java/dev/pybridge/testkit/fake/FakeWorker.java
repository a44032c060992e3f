package dev.pybridge.testkit.fake;

import dev.pybridge.core.launch.LaunchSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fake worker: reads request frames from its stdin and answers them on its stdout, as the
 * Python worker does (python/PROTOCOL.md), misbehaving as its {@link FaultPlan} says. With
 * {@code --threads} 1 it runs each request on its reading thread, in order; with more, on that many
 * threads of its own, except {@code ping}, {@code stats}, {@code cancel} and {@code shutdown},
 * which the reading thread answers at once.
 */
final class FakeWorker {

    // Its first four bytes announce a frame of about 1.7 GB, more than any bridge accepts.
    private static final byte[] GARBAGE = "garbage: this is not a frame\n".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> ON_READING_THREAD = Set.of("ping", "stats", "cancel", "shutdown");
    // Exit codes of python/PROTOCOL.md, "Exit".
    private static final int EXIT_BROKEN_STREAM = 3;
    private static final int EXIT_EXTENSION = 5;

    private final WorkerOptions options;
    private final FakeProcess process = new FakeProcess();
    private final WorkerOutput output = new WorkerOutput(process);
    private final WireCodec codec;
    private final FaultPlan faults;
    private final BuiltinCommands builtins;
    private final Map<String, Command> commands;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final BlockingQueue<InFlight> queued = new LinkedBlockingQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    private FakeWorker(WorkerOptions options, FaultPlan faults, Map<String, Command> answers) {
        this.options = options;
        this.codec = new WireCodec(options.maxFrameBytes());
        this.faults = faults;
        Sessions sessions = new Sessions();
        this.builtins = new BuiltinCommands(sessions, options.threads());
        Map<String, Command> table = new HashMap<>();
        builtins.addTo(table);
        new ProgramCommands(options.workerId(), sessions).addTo(table);
        table.putAll(answers);
        table.put("cancel", this::cancel);
        this.commands = Map.copyOf(table);
    }

    /** Starts a fake worker for {@code spec}; its process runs until it exits or is killed. */
    static FakeProcess launch(LaunchSpec spec, FaultPlan faults, Map<String, Command> answers) {
        WorkerOptions options = WorkerOptions.of(spec);
        FakeWorker worker = new FakeWorker(options, faults, answers);
        String name = "bridge-mock-" + options.workerId();
        worker.process.start(name + "-reader", worker::serve);
        for (int i = 1; options.threads() > 1 && i <= options.threads(); i++) {
            worker.process.start(name + "-runner-" + i, worker::runQueued);
        }
        return worker.process;
    }

    private void serve() {
        try {
            if (!start()) {
                return;
            }
            byte[] payload;
            while (!process.dying() && (payload = readFrame()) != null) {
                dispatch(payload);
            }
        }
        catch (IOException e) {
            // Its pipes were closed under it, or it was interrupted: it is dying, and its stdin is no concern any more.
            if (!process.dying()) {
                exit(EXIT_BROKEN_STREAM);
            }
        }
        catch (RuntimeException e) {
            failedInside(e);
        }
    }

    // A bug of the fake itself: it dies with the error on stderr, as Python would with a traceback, rather than hang.
    private void failedInside(RuntimeException e) {
        output.diagnose("bridge-mock: worker " + options.workerId() + " failed inside: " + e);
        exit(1);
    }

    private boolean start() {
        if (!options.extensions().isEmpty()) {
            output.diagnose("pybridge: cannot import extension module '" + options.extensions().get(0)
                    + "': the bridge-mock layer runs no Python, so it loads no extension modules");
            exit(EXIT_EXTENSION);
            return false;
        }
        if (faults.diesDuringStartup()) {
            output.diagnose("bridge-mock: worker " + options.workerId() + " fails during start-up (Fault.DieDuringStartup)");
            exit(1);
            return false;
        }
        output.write(codec.ready(readyInfo()));
        if (faults.crashesAfterReady()) {
            exit(FakeProcess.SIGKILL_EXIT);
            return false;
        }
        return true;
    }

    private Map<String, Object> readyInfo() {
        TreeSet<String> names = new TreeSet<>(commands.keySet());
        names.add("shutdown");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ready", true);
        info.put("pid", -1L);
        info.put("python", BuiltinCommands.PYTHON_VERSION);
        info.put("executable", "");
        info.put("platform", "bridge-mock (a fake worker inside the JVM)");
        info.put("protocol", 2L);
        info.put("worker_id", options.workerId());
        info.put("threads", (long) options.threads());
        info.put("commands", new ArrayList<>(names));
        return info;
    }

    // The next payload, or null once the worker stops reading: its stdin ended (between frames, or inside one).
    private byte[] readFrame() throws IOException {
        InputStream in = process.requests();
        byte[] header = in.readNBytes(WireCodec.HEADER_BYTES);
        if (header.length == 0) {
            exit(0);
            return null;
        }
        if (header.length < WireCodec.HEADER_BYTES) {
            return brokenStream("stdin ended inside a frame header (" + header.length + " of 4 bytes)");
        }
        long length = WireCodec.length(header);
        if (length > codec.maxFrameBytes()) {
            return brokenStream("a frame of " + length + " bytes is over the maximum of " + codec.maxFrameBytes() + " bytes");
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return brokenStream("stdin ended inside a frame of " + length + " bytes, after " + payload.length);
        }
        return payload;
    }

    private byte[] brokenStream(String problem) {
        output.diagnose("pybridge: " + problem);
        exit(EXIT_BROKEN_STREAM);
        return null;
    }

    private void dispatch(byte[] payload) {
        Request request;
        try {
            request = codec.read(payload);
        }
        catch (WireCodec.Unusable e) {
            builtins.started();
            builtins.ended(true);
            output.write(codec.failure(e.id, e.error));
            return;
        }
        InFlight entry = new InFlight(request);
        if (inFlight.putIfAbsent(request.id(), entry) != null) {
            output.write(codec.failure(null, new WorkerError("ProtocolError", "request id " + request.id() + " is in flight already")));
            return;
        }
        builtins.started();
        if (options.threads() == 1 || ON_READING_THREAD.contains(request.command())) {
            handle(entry);
        }
        else {
            queued.add(entry);
        }
    }

    private void runQueued() {
        while (!process.dying()) {
            InFlight entry;
            try {
                entry = queued.take();
            }
            catch (InterruptedException e) {
                continue;
            }
            if (entry.begin()) {
                try {
                    handle(entry);
                }
                catch (RuntimeException e) {
                    failedInside(e);
                }
                finally {
                    entry.end();
                }
            }
        }
    }

    private void handle(InFlight entry) {
        Request request = entry.request;
        boolean call = !FaultPlan.HOUSEKEEPING.contains(request.command());
        switch (faults.on(request.command(), call ? calls.incrementAndGet() : 0)) {
            case CRASH -> exit(FakeProcess.SIGKILL_EXIT);
            case FORK_AND_DIE -> process.die(FakeProcess.SIGKILL_EXIT);
            case HANG -> {
                output.hang();
                process.awaitDeathUninterruptibly();
            }
            case GARBAGE -> output.write(GARBAGE);
            case NONE -> {
                if (!call || (flood() && delay(entry))) {
                    run(entry);
                }
            }
        }
    }

    private void run(InFlight entry) {
        Request request = entry.request;
        try {
            if (request.command().equals("shutdown")) {
                shutdown(entry);
                return;
            }
            Command command = commands.get(request.command());
            if (command == null) {
                throw new WorkerError("UnknownCommand", "unknown command '" + request.command() + "'; the commands are "
                        + String.join(", ", new TreeSet<>(commands.keySet())) + ", shutdown");
            }
            Object result = command.run(request);
            if (entry.cancelled()) {
                // A cancel came while it ran: as Python raises Cancelled at the next bytecode, the result is dropped.
                answerCancelled(entry);
                return;
            }
            answer(entry, codec.success(request.id(), result), false);
        }
        catch (WorkerError e) {
            answer(entry, codec.failure(request.id(), e), true);
        }
        catch (RuntimeException e) {
            // An answer a test gave failed: its reply names the exception's class, as Python names a user's exception.
            answer(entry, codec.failure(request.id(), new WorkerError(e.getClass().getSimpleName(), String.valueOf(e.getMessage()))), true);
        }
    }

    private void shutdown(InFlight entry) {
        Args.of("shutdown", entry.request.args());
        if (output.hung()) {
            return;
        }
        answer(entry, codec.success(entry.request.id(), Map.of("shutting_down", true)), false);
        exit(0);
    }

    // With --threads 1 a cancel is read between requests, so its target has been answered; with more, as the real worker.
    private Object cancel(Request request) {
        Object target = Args.of("cancel", request.args(), "id").required("id");
        if (!(target instanceof Long id)) {
            throw WorkerError.invalidArguments("cancel: argument 'id' expected an integer, got " + Args.describe(target));
        }
        InFlight entry = inFlight.get(id);
        if (entry == null || options.threads() == 1) {
            return Map.of("cancelled", false);
        }
        InFlight.Cancel cancel = entry.cancel();
        if (cancel == InFlight.Cancel.BEFORE_START) {
            answerCancelled(entry);
        }
        return Map.of("cancelled", cancel != InFlight.Cancel.TOO_LATE);
    }

    private void answerCancelled(InFlight entry) {
        answer(entry, codec.failure(entry.request.id(), new WorkerError("Cancelled", "request " + entry.request.id()
                + " was cancelled by a cancel request")), true);
    }

    private void answer(InFlight entry, byte[] frame, boolean failed) {
        if (entry.claimAnswer()) {
            inFlight.remove(entry.request.id(), entry);
            builtins.ended(failed);
            output.write(frame);
        }
    }

    private boolean flood() {
        int lines = faults.stderrLinesPerCall();
        for (int i = 1; i <= lines; i++) {
            output.diagnose("bridge-mock: worker " + options.workerId() + " floods stderr, line " + i + " of " + lines
                    + " (Fault.FloodStderr)");
        }
        return !process.dying();
    }

    // The slow answer's wait; false when the worker died meanwhile or the request was cancelled (and answered so).
    private boolean delay(InFlight entry) {
        Duration delay = faults.delayPerCall();
        long deadline = System.nanoTime() + delay.toNanos();
        if (!entry.beginWait()) {
            answerCancelled(entry);
            return false;
        }
        try {
            for (long left = delay.toNanos(); left > 0 && !entry.cancelled(); left = deadline - System.nanoTime()) {
                if (process.awaitDeath(left)) {
                    return false;
                }
                // Woken early: the worker is dying (seen above next time round), a cancel came (seen by the loop), or neither.
                Thread.interrupted();
            }
        }
        finally {
            entry.endWait();
            // A cancel's interrupt that came as the wait ended must not reach the thread's next request.
            Thread.interrupted();
        }
        if (entry.cancelled()) {
            answerCancelled(entry);
            return false;
        }
        return true;
    }

    private void exit(int code) {
        process.die(code);
        process.closePipes();
    }
}
