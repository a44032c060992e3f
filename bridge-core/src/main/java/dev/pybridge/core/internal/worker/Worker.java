package dev.pybridge.core.internal.worker;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.status.ReadyInfo;
import dev.pybridge.core.status.WorkerStatus;
import dev.pybridge.core.internal.time.Deadline;
import dev.pybridge.core.internal.time.EngineTime;
import dev.pybridge.core.launch.LocalProcessLauncher;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.core.internal.OwnPipe;
import dev.pybridge.core.internal.protocol.MessageCodec;
import dev.pybridge.core.internal.protocol.Reply;
import dev.pybridge.core.internal.protocol.Request;
import dev.pybridge.core.internal.protocol.WireFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * One live worker process and the connection to it: requests go out with ids, a reader thread
 * completes each caller by id, several requests may be in flight.
 *
 * <p>Its death is read from the process as well as from the pipe: a child that user code forked
 * may hold the reply pipe open after the worker died, so when the process has exited and the
 * reply stream has not ended shortly after, every call in flight fails with a
 * {@link WorkerCrashedException} all the same. A call that passes its deadline fails with a
 * {@link BridgeTimeoutException}, its late reply is dropped, and the {@link Listener} is told so
 * that the engine can replace the worker.
 *
 * <p>Created by {@link WorkerStarter}. Thread-safe.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long NO_SWEEP = Long.MAX_VALUE;
    // After the process exits, how long the reader gets to reach the end of the replies it wrote before dying.
    private static final long EXIT_SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    // How long the reader thread waits for its turn before it looks again at whether it is needed.
    private static final long MAX_READER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    // The least a caller waits for its turn once its deadline has passed, while the expiry catches up.
    private static final long MIN_TURN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    // The worker's exit code when an extension module fails to load (PROTOCOL.md, "Exit").
    private static final int EXIT_EXTENSION = 5;
    // Its exit code when the interpreter is older than the worker supports (start_pybridge.py).
    private static final int EXIT_TOO_OLD = 6;


    // The owner (an engine) whose replies the current thread reads, so that a blocking call from a reply's
    // callback, which would wait for a reply only this thread can read, can be refused instead of hanging.
    private static final ThreadLocal<Object> READING_FOR = new ThreadLocal<>();

    private final String id;
    private final Object owner;
    private final WorkerProcess process;
    private final MessageCodec codec;
    private final EngineTime time;
    private final Executor blockingTasks;
    private final String interpreter;
    private final Listener listener;
    private final StderrPump stderr;
    // One of the two: turns where the pipe can be reached through /proc (a caller may read its own reply), else a stream
    // that the reader thread alone reads.
    private final ReplyTurns turns;
    private final ReplyStream stream;
    private final RequestWriter writer;
    private volatile Thread reader;
    // Calls whose reply no caller reads itself: while there are any, the reader thread reads.
    private final AtomicInteger awaitedByNobody = new AtomicInteger();
    private final CompletableFuture<ReadyInfo> ready = new CompletableFuture<>();
    private final CompletableFuture<WorkerExit> exited = new CompletableFuture<>();
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final Map<Long, String> controlRequests = new ConcurrentHashMap<>();
    // Calls their callers gave up, until the worker answers them: completed then, or when the worker ends.
    private final Map<Long, CompletableFuture<Void>> abandoned = new ConcurrentHashMap<>();
    // Calls failed because the worker was gone before their request reached it: safe to send elsewhere.
    private final Set<CompletableFuture<Object>> neverReceived = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    // When the deadline sweep is due (nanoTime), or NO_SWEEP: one timer per worker, not one per call.
    private final AtomicLong sweepDue = new AtomicLong(NO_SWEEP);
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final LongAdder completedCalls = new LongAdder();
    private final LongAdder lateReplies = new LongAdder();
    private volatile Integer exitCode;
    private volatile BridgeException death;
    private volatile BridgeException stopFailure;
    // Set when the ready frame names another protocol version: the worker is killed, and this is why it never became ready.
    private volatile BridgeConfigurationException otherVersion;

    /** What the engine hears from its workers. Called on the worker's own threads; keep it short. */
    public interface Listener {

        /** A call on {@code worker} passed its deadline; the worker may still be running it. */
        default void callTimedOut(Worker worker, String command) {}

        /**
         * A caller gave up a call on {@code worker} (it was interrupted or cancelled) before its
         * reply came; the worker was asked to cancel it. {@code stopped} completes when the worker
         * answers that call (Python code that never returns to the interpreter loop does not) or ends.
         */
        default void callAbandoned(Worker worker, String command, CompletableFuture<Void> stopped) {}

        /** {@code worker}'s process has ended, for whatever reason; its calls have been failed. */
        default void exited(Worker worker, WorkerExit exit) {}
    }

    private Worker(String id, WorkerProcess process, WorkerContext context, Listener listener) {
        this.id = id;
        this.owner = context.owner();
        this.process = process;
        this.codec = context.codec();
        this.time = context.time();
        this.blockingTasks = context.blockingTasks();
        this.interpreter = context.interpreter();
        this.listener = listener;
        this.stderr = new StderrPump(id, process.stderr());
        Optional<ProcPipe> pipe = process instanceof OwnPipe own ? ProcPipe.find(own.pid()) : Optional.empty();
        this.turns = pipe.map(found -> new ReplyTurns(found, codec.maxFrameBytes(), this::onFrame, process::stdout)).orElse(null);
        this.stream = pipe.isPresent() ? null : new ReplyStream(id, process.stdout(), codec.maxFrameBytes(), this::onFrame);
        this.writer = new RequestWriter(process.stdin(), blockingTasks, this::writeFailed);
    }

    /** Attaches to a started process and begins reading; {@link #ready()} completes with its ready frame. */
    static Worker attach(String id, WorkerProcess process, WorkerContext context, Listener listener) {
        Worker worker = new Worker(requireNonNull(id, "id is null"), requireNonNull(process, "process is null"),
                requireNonNull(context, "context is null"), requireNonNull(listener, "listener is null"));
        daemon("pybridge-" + id + "-stderr", worker.stderr).start();
        worker.reader = daemon("pybridge-" + id + "-reader", worker.turns != null ? worker::readTurns : worker::readStream);
        worker.reader.start();
        process.onExit().whenComplete((code, failure) -> worker.processExited(code));
        return worker;
    }

    public String id() {
        return id;
    }

    /** Where the worker runs, as its launcher names it. */
    public String host() {
        return process.host();
    }

    /** The process id, or -1 if the launcher knows none. */
    public long pid() {
        return process.pid();
    }

    /** Completes with the ready frame, or fails with a {@link WorkerStartupException}. */
    public CompletableFuture<ReadyInfo> ready() {
        return ready;
    }

    /** Completes when the process has ended and every call on it has been failed. */
    public CompletableFuture<WorkerExit> exited() {
        return exited;
    }

    public boolean isAlive() {
        return death == null && exitCode == null;
    }

    /** Calls sent and not yet answered, failed or timed out. */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Its state now.
     *
     * @throws IllegalStateException if it has not sent its ready frame
     */
    public WorkerStatus status() {
        ReadyInfo info = ready.getNow(null);
        if (info == null) {
            throw new IllegalStateException("worker " + id + " is not ready");
        }
        return new WorkerStatus(id, pid(), host(), info, pending.size(), completedCalls.sum(), lateReplies.sum());
    }

    /** The last lines the worker wrote to stderr. */
    public List<String> stderrTail() {
        return stderr.tail();
    }

    /**
     * Sends {@code call}; the future completes with its result, or fails with a
     * {@link BridgeException}. Cancelling the future abandons the call: the worker is asked to
     * cancel it, and its reply is dropped. The request is never written in a way that could hold
     * this thread (see {@link RequestWriter}).
     *
     * @throws IllegalArgumentException if an argument cannot cross to Python
     */
    public CompletableFuture<Object> send(Call call, Deadline deadline) {
        return send(call, deadline, false);
    }

    /**
     * As {@link #send(Call, Deadline)}; with {@code callerReads}, this thread promises to wait for
     * the reply with {@link #awaitReply}, and where it can read it itself the reader thread is not
     * woken for it.
     */
    public CompletableFuture<Object> send(Call call, Deadline deadline, boolean callerReads) {
        long requestId = ids.incrementAndGet();
        WireFrame frame = codec.encodeRequest(new Request(requestId, call.command(), call.args(), call.session()));
        PendingCall entry = new PendingCall(requestId, call.command(), deadline, !callerReads || turns == null);
        pending.put(requestId, entry);
        BridgeException dead = death;
        if (dead != null) {
            if (pending.remove(requestId, entry)) {
                neverReceived.add(entry.future);
                entry.future.completeExceptionally(dead);
            }
            return entry.future;
        }
        if (entry.awaitedByNobody && awaitedByNobody.getAndIncrement() == 0) {
            LockSupport.unpark(reader);
        }
        armSweep(deadline.dueNanos());
        entry.future.whenComplete((result, failure) -> settle(entry));
        writer.write(requestId, frame);
        return entry.future;
    }

    /**
     * Whether the call {@code sent} (a future {@link #send} returned) failed because this worker
     * was gone before its request reached it: it never ran, so it may be sent to another worker
     * whether or not it is idempotent.
     */
    public boolean neverReceived(CompletableFuture<Object> sent) {
        return neverReceived.contains(sent);
    }

    /** As {@link #send(Call, Deadline)}, with a deadline {@code timeout} from now. */
    public CompletableFuture<Object> ask(Call call, Duration timeout) {
        return send(call, Deadline.after(time, timeout));
    }

    /** Whether a caller can read its own reply ({@link #awaitReply}); where it cannot, the reader thread hands it on. */
    public boolean readsOnCallerThread() {
        return turns != null;
    }

    /**
     * Reads this worker's replies on this thread until {@code done} completes, handing on the others'
     * it reads. Returns true once {@code done} is complete, false when this worker's replies can no
     * longer be read here (they are a stream's, or the stream ended): the outcome then comes from
     * another thread.
     *
     * @throws InterruptedException when this thread is interrupted meanwhile
     */
    public boolean awaitReply(CompletableFuture<?> done, Deadline deadline) throws InterruptedException {
        if (turns == null) {
            return done.isDone();
        }
        Object reading = READING_FOR.get();
        READING_FOR.set(owner);
        try {
            while (!done.isDone()) {
                if (!turns.readOnce(() -> !done.isDone(), Math.max(deadline.remainingNanos(), MIN_TURN_WAIT_NANOS))) {
                    finishOnce();
                    return done.isDone();
                }
            }
            return true;
        }
        finally {
            READING_FOR.set(reading);
        }
    }

    /**
     * Sends housekeeping (closing a session nobody uses any more) whose reply nobody waits for: it
     * has no deadline, so a worker busy with a long call never times out over it.
     */
    public void post(Call call) {
        sendControl(call.command(), call.args(), call.session());
    }

    /**
     * Asks the worker to exit ({@code shutdown}), then kills it if it has not exited within
     * {@code grace}. Calls still in flight fail with {@code leftoverFailure}.
     */
    public CompletableFuture<WorkerExit> stop(Duration grace, BridgeException leftoverFailure) {
        stopFailure = requireNonNull(leftoverFailure, "leftoverFailure is null");
        if (stopRequested.compareAndSet(false, true) && !exited.isDone()) {
            sendControl("shutdown", Map.of(), Optional.empty());
            time.schedule(this::killIfAlive, grace.toNanos());
        }
        return exited;
    }

    /** Kills the process (and what it started) at once; calls in flight fail with {@code leftoverFailure}. */
    public CompletableFuture<WorkerExit> kill(BridgeException leftoverFailure) {
        stopFailure = requireNonNull(leftoverFailure, "leftoverFailure is null");
        stopRequested.set(true);
        process.kill();
        return exited;
    }

    /** Fails a start that took too long; the process is killed. */
    void abortStart(String reason) {
        if (ready.completeExceptionally(new WorkerStartupException("worker " + id + " " + reason
                + StderrLines.suffix(stderr.tail()), id, stderr.tail(), null))) {
            stopFailure = new WorkerStartupException("worker " + id + " " + reason, id, List.of(), null);
            stopRequested.set(true);
            process.kill();
        }
    }

    @Override
    public String toString() {
        return "Worker[" + id + ", pid " + pid() + "]";
    }

    private void killIfAlive() {
        if (!exited.isDone()) {
            LOG.debug("worker {} did not exit within its grace period; killing it", id);
            process.kill();
        }
    }

    private void settle(PendingCall entry) {
        if (entry.awaitedByNobody) {
            awaitedByNobody.decrementAndGet();
        }
        if (pending.remove(entry.id, entry) && entry.future.isCancelled()) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            abandoned.put(entry.id, stopped);
            // Its caller may have been the one reading this worker's replies: the reader thread reads the answer now.
            LockSupport.unpark(reader);
            sendControl("cancel", Map.of("id", entry.id), Optional.empty());
            if (death != null && abandoned.remove(entry.id, stopped)) {
                return;
            }
            listener.callAbandoned(this, entry.command, stopped);
        }
    }

    /**
     * Makes sure a sweep runs by {@code dueNanos}. Scheduling a timer task wakes the timer thread
     * whenever the task is the earliest, which costs a context switch; so a task is scheduled only
     * when this deadline is earlier than the sweep already due, and with calls of one timeout, whose
     * deadlines only grow, that happens once per sweep rather than once per call.
     */
    private void armSweep(long dueNanos) {
        long due = sweepDue.get();
        while (due == NO_SWEEP || dueNanos - due < 0) {
            if (sweepDue.compareAndSet(due, dueNanos)) {
                time.schedule(this::sweep, dueNanos - time.nanoTime());
                return;
            }
            due = sweepDue.get();
        }
    }

    // Expires the calls past their deadline, and arms the next sweep for the earliest one left.
    private void sweep() {
        sweepDue.set(NO_SWEEP);
        long now = time.nanoTime();
        long next = NO_SWEEP;
        for (PendingCall entry : pending.values()) {
            long due = entry.deadline.dueNanos();
            if (due - now <= 0) {
                expire(entry);
            }
            else if (next == NO_SWEEP || due - next < 0) {
                next = due;
            }
        }
        if (next != NO_SWEEP) {
            armSweep(next);
        }
    }

    private void expire(PendingCall entry) {
        if (!pending.remove(entry.id, entry)) {
            return;
        }
        // The engine hears first, so that a caller who retries at once is not sent back to this worker.
        listener.callTimedOut(this, entry.command);
        sendControl("cancel", Map.of("id", entry.id), Optional.empty());
        entry.future.completeExceptionally(new BridgeTimeoutException("'" + entry.command + "' on worker " + id
                + " passed its deadline of " + entry.deadline.describeBudget()
                + "; the worker is being replaced, since Python cannot be interrupted safely", entry.deadline.budget()));
        if (!entry.awaitedByNobody) {
            // Its caller may be the one reading now, blocked until a reply comes: release it.
            turns.release();
        }
    }

    private void sendControl(String command, Map<String, Object> args, Optional<String> session) {
        if (death != null) {
            return;
        }
        long requestId = ids.incrementAndGet();
        controlRequests.put(requestId, command);
        writer.write(requestId, codec.encodeRequest(new Request(requestId, command, args, session)));
    }

    private void writeFailed(IOException e) {
        // The process is gone or going; its exit, or the end of its replies, fails every call in flight.
        LOG.debug("worker {}: write failed ({}); stopping it", id, e.toString());
        process.kill();
    }

    private void readStream() {
        READING_FOR.set(owner);
        stream.readToEnd();
        finishOnce();
    }

    // Reads in turns with callers, whenever no caller does: the ready frame, calls nobody awaits, the end of the process.
    private void readTurns() {
        READING_FOR.set(owner);
        while (true) {
            while (!readerNeeded() && !turns.ended()) {
                LockSupport.park(this);
            }
            try {
                if (!turns.readOnce(this::readerNeeded, MAX_READER_WAIT_NANOS)) {
                    break;
                }
            }
            catch (InterruptedException e) {
                // Nothing interrupts the reader but the end of the JVM; it reads on until the stream ends.
            }
        }
        finishOnce();
    }

    private boolean readerNeeded() {
        return !ready.isDone() || awaitedByNobody.get() > 0 || !abandoned.isEmpty() || exitCode != null;
    }

    /** Whether this thread reads the replies of a worker of {@code owner} (and runs the callbacks of its calls). */
    public static boolean readsRepliesFor(Object owner) {
        return READING_FOR.get() == owner;
    }

    private void onFrame(byte[] payload) {
        if (!ready.isDone()) {
            ReadyInfo info = ReadyFrames.parse(id, codec.decodeReply(payload));
            otherVersion = ReadyFrames.otherVersion(id, info).orElse(null);
            if (otherVersion != null) {
                stopRequested.set(true);
                process.kill();
                return;
            }
            process.announced(info.pid());
            ready.complete(info);
            return;
        }
        Reply reply = codec.decodeReply(payload);
        if (reply.id().isEmpty()) {
            LOG.warn("worker {} could not read a request: {}", id, reply instanceof Reply.Failure failure ? failure.error().message() : reply);
            return;
        }
        long replyId = reply.id().getAsLong();
        writer.answered(replyId);
        PendingCall entry = pending.remove(replyId);
        if (entry == null) {
            if (controlRequests.remove(replyId) == null) {
                lateReplies.increment();
                CompletableFuture<Void> stopped = abandoned.remove(replyId);
                if (stopped != null) {
                    stopped.complete(null);
                }
            }
            return;
        }
        completedCalls.increment();
        if (reply instanceof Reply.Success success) {
            entry.future.complete(success.result());
        }
        else {
            entry.future.completeExceptionally(WireErrors.toException(((Reply.Failure) reply).error(), entry.command, id));
        }
    }

    // The process ended. Its replies may still be on their way through the pipe: give the reader a moment to reach
    // their end, and only then, if something else (a child it forked) holds the pipe open, call the worker dead.
    private void processExited(Integer code) {
        exitCode = code == null ? -1 : code;
        LockSupport.unpark(reader);
        settleAfterExit(framesRead());
    }

    private long framesRead() {
        return turns != null ? turns.framesRead() : stream.framesRead();
    }

    private void settleAfterExit(long framesAtExit) {
        time.schedule(() -> {
            if (finished.get()) {
                return;
            }
            long framesNow = framesRead();
            if (framesNow != framesAtExit) {
                settleAfterExit(framesNow);
            }
            else {
                blockingTasks.execute(this::finishOnce);
            }
        }, EXIT_SETTLE_NANOS);
    }

    /** Runs once, on the reader thread at the end of the replies, or on a blocking thread after the process's exit. */
    private void finishOnce() {
        if (finished.compareAndSet(false, true)) {
            finish(turns != null ? turns.problem() : stream.problem());
        }
    }

    private void finish(Throwable problem) {
        // Always: a worker that died leaves what it started in its process group, and those must end with it.
        process.kill();
        int code = awaitExitCode();
        if (turns != null) {
            turns.close();
        }
        closeQuietly(process.stdout());
        stderr.awaitEnd(1000);
        // A worker that broke the protocol was killed for it above: its SIGKILL is the bridge's, not an out-of-memory killer's.
        WorkerExit exit = new WorkerExit(code, stopRequested.get(), stopRequested.get() || problem != null, stderr.tail());
        BridgeException failure = failureFor(exit, problem);
        death = failure;
        LOG.debug("worker {} (pid {}) ended with {}", id, pid(), exit.describe());
        // The engine hears first, so that a caller who sees the failure and retries reaches a new worker.
        listener.exited(this, exit);
        ready.completeExceptionally(startupFailure(exit, problem));
        for (PendingCall entry : pending.values()) {
            if (pending.remove(entry.id, entry)) {
                if (writer.neverWritten(entry.id)) {
                    neverReceived.add(entry.future);
                }
                entry.future.completeExceptionally(failure);
            }
        }
        abandoned.values().forEach(stopped -> stopped.complete(null));
        abandoned.clear();
        exited.complete(exit);
    }

    private int awaitExitCode() {
        try {
            return process.onExit().get(2, TimeUnit.SECONDS);
        }
        catch (TimeoutException e) {
            LOG.warn("worker {} (pid {}) has not ended 2 s after it was killed", id, pid());
            return -1;
        }
        catch (ExecutionException e) {
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private BridgeException failureFor(WorkerExit exit, Throwable problem) {
        if (stopRequested.get() && stopFailure != null) {
            return stopFailure;
        }
        if (problem instanceof ProtocolException protocol) {
            return new ProtocolException("worker " + id + " broke the wire protocol and was stopped: " + protocol.getMessage(), protocol);
        }
        return new WorkerCrashedException("worker " + id + " (pid " + pid() + ") died with " + exit.describe()
                + " while the call was in flight" + StderrLines.suffix(exit.stderrTail()),
                id, pid(), exit.signal().isPresent() ? null : exit.exitCode() < 0 ? null : exit.exitCode(),
                exit.signal().isPresent() ? exit.signal().getAsInt() : null, exit.stderrTail());
    }

    // Why a worker never became ready, told by what went wrong rather than by what it looked like.
    private BridgeException startupFailure(WorkerExit exit, Throwable problem) {
        if (otherVersion != null) {
            return otherVersion;
        }
        String stderrLines = StderrLines.suffix(exit.stderrTail());
        if (problem instanceof ProtocolException && framesRead() == 0) {
            return new BridgeConfigurationException("Python interpreter '" + interpreter + "' wrote \""
                    + (turns != null ? turns.firstBytes() : stream.firstBytes()) + "\" to stdout before the worker's ready frame: "
                    + "something that runs whenever Python starts prints (a sitecustomize or usercustomize module, a .pth file), "
                    + "or it is not a Python interpreter; '" + interpreter + " -c pass' must print nothing" + stderrLines, problem);
        }
        if (problem != null) {
            return new WorkerStartupException("worker " + id + " did not begin with a ready frame: " + problem.getMessage()
                    + stderrLines, id, exit.stderrTail(), problem);
        }
        if (exit.exitCode() == EXIT_EXTENSION) {
            return new BridgeConfigurationException("worker " + id
                    + " could not load an extension module named in BridgeConfig.extensions" + stderrLines);
        }
        if (exit.exitCode() == EXIT_TOO_OLD) {
            String said = exit.stderrTail().isEmpty() ? "it is too old" : exit.stderrTail().get(exit.stderrTail().size() - 1)
                    .replaceFirst("^pybridge: ", "");
            return new BridgeConfigurationException("Python interpreter '" + interpreter + "' cannot run the worker: " + said
                    + "; configure a newer interpreter (BridgeConfig.python, or PYBRIDGE_PYTHON with PythonEnvironment.detect())");
        }
        if (exit.exitCode() == 0) {
            // The worker never exits 0 before it is ready: whatever ran was not the worker.
            return new BridgeConfigurationException("'" + interpreter + "' exited with exit code 0 before the worker was ready: "
                    + "is it a Python " + LocalProcessLauncher.MINIMUM_PYTHON + "+ interpreter?" + stderrLines);
        }
        if (exit.signal().isEmpty() && exit.exitCode() > 0) {
            // It ended by itself, before the worker could serve: its setup fails (a missing library, a sitecustomize
            // that raises), and will again. Callers hear it at once rather than after the restarts.
            return new BridgeConfigurationException("Python interpreter '" + interpreter + "' exited with " + exit.describe()
                    + " before the worker was ready" + stderrLines);
        }
        return new WorkerStartupException("worker " + id + " exited with " + exit.describe() + " before it was ready" + stderrLines,
                id, exit.stderrTail(), null);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        }
        catch (IOException e) {
            LOG.debug("closing a worker's stdout failed: {}", e.toString());
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A call waiting for its reply. */
    private static final class PendingCall {
        final long id;
        final String command;
        final Deadline deadline;
        final boolean awaitedByNobody;
        final CompletableFuture<Object> future = new CompletableFuture<>();

        PendingCall(long id, String command, Deadline deadline, boolean awaitedByNobody) {
            this.id = id;
            this.command = command;
            this.deadline = deadline;
            this.awaitedByNobody = awaitedByNobody;
        }
    }
}
