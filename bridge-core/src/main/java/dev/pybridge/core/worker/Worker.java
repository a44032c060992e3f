package dev.pybridge.core.worker;

import dev.pybridge.api.Call;
import dev.pybridge.api.error.BridgeClosedException;
import dev.pybridge.api.error.BridgeConfigurationException;
import dev.pybridge.api.error.BridgeException;
import dev.pybridge.api.error.BridgeTimeoutException;
import dev.pybridge.api.error.ProtocolException;
import dev.pybridge.api.error.WorkerCrashedException;
import dev.pybridge.api.error.WorkerStartupException;
import dev.pybridge.core.launch.WorkerProcess;
import dev.pybridge.core.protocol.MessageCodec;
import dev.pybridge.core.protocol.Reply;
import dev.pybridge.core.protocol.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static java.util.Objects.requireNonNull;

/**
 * One live worker process and the connection to it: requests go out with ids, a reader thread
 * completes each caller by id, several requests may be in flight. When the process dies, every
 * call in flight fails with a {@link WorkerCrashedException} that carries the exit status and the
 * last stderr lines; when a call passes its deadline it fails with a
 * {@link BridgeTimeoutException}, its late reply is dropped, and the {@link Listener} is told so
 * that the supervisor can replace the worker.
 *
 * <p>Created by {@link WorkerStarter}. Thread-safe.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final long NO_SWEEP = Long.MAX_VALUE;
    // The worker's exit code when an extension module fails to load (PROTOCOL.md, "Start-up").
    private static final int EXIT_EXTENSION = 5;

    private final String id;
    private final WorkerProcess process;
    private final MessageCodec codec;
    private final ScheduledExecutorService scheduler;
    private final Executor blockingTasks;
    private final Listener listener;
    private final StderrPump stderr;
    private final OutputStream stdin;
    private final CompletableFuture<ReadyInfo> ready = new CompletableFuture<>();
    private final CompletableFuture<WorkerExit> exited = new CompletableFuture<>();
    private final Map<Long, PendingCall> pending = new ConcurrentHashMap<>();
    private final Set<Long> controlRequests = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    // When the deadline sweep is due (nanoTime), or NO_SWEEP: one timer per worker, not one per call.
    private final AtomicLong sweepDue = new AtomicLong(NO_SWEEP);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final LongAdder completedCalls = new LongAdder();
    private final LongAdder lateReplies = new LongAdder();
    private final AtomicInteger asyncInFlight = new AtomicInteger();
    private final AtomicInteger syncReaders = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ReplyStream replies;
    private volatile Thread reader;
    private volatile boolean processExited;
    private volatile BridgeException death;
    private volatile BridgeException stopFailure;
    private volatile Duration retireGrace;

    /** What a supervisor hears from its workers. Called on the worker's own threads; keep it short. */
    public interface Listener {

        /** A call on {@code worker} passed its deadline; the worker may still be running it. */
        default void callTimedOut(Worker worker, String command) {}

        /** {@code worker}'s process has ended, for whatever reason; its calls have been failed. */
        default void exited(Worker worker, WorkerExit exit) {}
    }

    private Worker(String id, WorkerProcess process, MessageCodec codec, ScheduledExecutorService scheduler,
            Executor blockingTasks, Listener listener) {
        this.id = id;
        this.process = process;
        this.codec = codec;
        this.scheduler = scheduler;
        this.blockingTasks = blockingTasks;
        this.listener = listener;
        this.stdin = process.stdin();
        this.stderr = new StderrPump(id, process.stderr());
        this.replies = new ReplyStream(id, process.stdout(), codec.maxFrameBytes(), this::onFrame);
    }

    /** Attaches to a started process and begins reading; {@link #ready()} completes with its ready frame. */
    static Worker attach(String id, WorkerProcess process, MessageCodec codec, ScheduledExecutorService scheduler,
            Executor blockingTasks, Listener listener) {
        Worker worker = new Worker(requireNonNull(id, "id is null"), requireNonNull(process, "process is null"),
                requireNonNull(codec, "codec is null"), requireNonNull(scheduler, "scheduler is null"),
                requireNonNull(blockingTasks, "blockingTasks is null"), requireNonNull(listener, "listener is null"));
        daemon("pybridge-" + id + "-stderr", worker.stderr).start();
        worker.reader = daemon("pybridge-" + id + "-reader", worker::readWhileNeeded);
        worker.reader.start();
        // The reader sleeps while no asynchronous call waits; the end of the process wakes it to read to the end.
        process.onExit().whenComplete((code, failure) -> {
            worker.processExited = true;
            LockSupport.unpark(worker.reader);
        });
        return worker;
    }

    public String id() {
        return id;
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
        return death == null && process.isAlive();
    }

    /** Calls sent and not yet answered, failed or timed out. */
    public int inFlight() {
        return pending.size();
    }

    /** Calls answered (with a result or an error) since start. */
    public long completedCalls() {
        return completedCalls.sum();
    }

    /** Replies that arrived after their caller had stopped waiting; they were dropped. */
    public long lateReplies() {
        return lateReplies.sum();
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
        return new WorkerStatus(id, pid(), info, pending.size(), completedCalls.sum(), lateReplies.sum());
    }

    /** The last lines the worker wrote to stderr. */
    public List<String> stderrTail() {
        return stderr.tail();
    }

    /**
     * Sends {@code call}; the future completes with its result, or fails with a
     * {@link BridgeException}. Cancelling the future abandons the call.
     *
     * @throws IllegalArgumentException if an argument cannot cross to Python
     */
    public CompletableFuture<Object> send(Call call, Deadline deadline) {
        PendingCall entry = register(call, deadline, true);
        if (entry.frame != null && asyncInFlight.getAndIncrement() == 0) {
            LockSupport.unpark(reader);
        }
        return dispatch(entry);
    }

    /**
     * Sends {@code call} to a ready worker that runs one request at a time, and waits for its
     * result on this thread, reading the reply itself rather than waiting to be handed it, which
     * saves a context switch per call. It still returns by its deadline (a worker stuck past a
     * deadline while a caller reads is killed, since it could not be interrupted anyway), but it
     * cannot be interrupted while it reads: use {@link #send} for that.
     *
     * @throws BridgeException when the call fails
     * @throws IllegalStateException when the worker is not ready or runs several requests at
     *     once, or when called from a callback that runs while a reply is read (a future's
     *     completion stage), where waiting would wait on itself
     */
    public Object call(Call call, Deadline deadline) {
        if (replies.inTurn()) {
            throw new IllegalStateException("a blocking call from a callback that runs while worker " + id
                    + " hands on replies would wait on itself; chain it with thenCompose (or an ...Async stage) instead");
        }
        ReadyInfo info = ready.getNow(null);
        if (info == null || info.threads() != 1) {
            throw new IllegalStateException("worker " + id + " is not a ready worker that runs one request at a time; use send()");
        }
        PendingCall entry = register(call, deadline, false);
        dispatch(entry);
        syncReaders.incrementAndGet();
        try {
            while (!entry.future.isDone() && replies.readOnce(() -> !entry.future.isDone())) {
                // Each turn reads what has arrived and completes whichever calls it answers.
            }
        }
        finally {
            syncReaders.decrementAndGet();
        }
        if (replies.ended()) {
            finishOnce();
        }
        // Done by now, or about to be, by the thread that saw the stream end and fails every call in flight.
        try {
            return entry.future.join();
        }
        catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    private PendingCall register(Call call, Deadline deadline, boolean async) {
        long requestId = ids.incrementAndGet();
        byte[] frame = codec.encodeRequest(new Request(requestId, call.command(), call.args(), call.session()));
        PendingCall entry = new PendingCall(requestId, call.command(), deadline, async, frame);
        pending.put(requestId, entry);
        BridgeException dead = death;
        if (dead != null && pending.remove(requestId, entry)) {
            entry.frame = null;
            entry.future.completeExceptionally(dead);
        }
        return entry;
    }

    private CompletableFuture<Object> dispatch(PendingCall entry) {
        byte[] frame = entry.frame;
        if (frame == null) {
            return entry.future;
        }
        entry.frame = null;
        armSweep(entry.deadline.nanoTime());
        entry.future.whenComplete((result, failure) -> settle(entry));
        write(frame);
        return entry.future;
    }

    /**
     * Stops the worker once its calls in flight have finished: new calls should go elsewhere.
     * Calls still in flight when it is finally stopped fail with {@code leftoverFailure}.
     */
    public void retire(Duration grace, BridgeException leftoverFailure) {
        stopFailure = requireNonNull(leftoverFailure, "leftoverFailure is null");
        retireGrace = requireNonNull(grace, "grace is null");
        if (pending.isEmpty()) {
            stop(grace, leftoverFailure);
        }
    }

    /**
     * Asks the worker to exit ({@code shutdown}), then kills it if it has not exited within
     * {@code grace}. Calls still in flight fail with {@code leftoverFailure}.
     */
    public CompletableFuture<WorkerExit> stop(Duration grace, BridgeException leftoverFailure) {
        stopFailure = requireNonNull(leftoverFailure, "leftoverFailure is null");
        if (stopRequested.compareAndSet(false, true) && !exited.isDone()) {
            sendControl("shutdown", Map.of());
            scheduler.schedule(this::killIfAlive, grace.toNanos(), TimeUnit.NANOSECONDS);
        }
        return exited;
    }

    /** Kills the process at once; calls in flight fail with {@code leftoverFailure}. */
    public CompletableFuture<WorkerExit> kill(BridgeException leftoverFailure) {
        stopFailure = requireNonNull(leftoverFailure, "leftoverFailure is null");
        stopRequested.set(true);
        process.kill();
        return exited;
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
        if (entry.async) {
            asyncInFlight.decrementAndGet();
        }
        if (pending.remove(entry.id, entry) && entry.future.isCancelled()) {
            sendControl("cancel", Map.of("id", entry.id));
        }
        Duration grace = retireGrace;
        if (grace != null && pending.isEmpty()) {
            stop(grace, stopFailure);
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
                scheduler.schedule(this::sweep, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            }
            due = sweepDue.get();
        }
    }

    // Expires the calls past their deadline, and arms the next sweep for the earliest one left.
    private void sweep() {
        sweepDue.set(NO_SWEEP);
        long now = System.nanoTime();
        long next = NO_SWEEP;
        for (PendingCall entry : pending.values()) {
            long due = entry.deadline.nanoTime();
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
        // The supervisor hears first, so that a caller who retries at once is not sent back to this worker.
        listener.callTimedOut(this, entry.command);
        sendControl("cancel", Map.of("id", entry.id));
        entry.future.completeExceptionally(new BridgeTimeoutException("'" + entry.command + "' on worker " + id
                + " passed its deadline of " + describe(entry.deadline.budget())
                + "; the worker is being replaced, since Python cannot be interrupted safely", entry.deadline.budget()));
        if (syncReaders.get() > 0) {
            // A caller is blocked reading from a worker that runs one request at a time and is stuck in this one:
            // only the end of the process can release it by its deadline.
            stopFailure = stopFailure != null ? stopFailure : new BridgeClosedException("worker " + id
                    + " was stopped: '" + entry.command + "' passed its deadline and the worker could not be interrupted");
            stopRequested.set(true);
            process.kill();
        }
    }

    /**
     * Sends housekeeping (closing a session nobody uses any more) whose reply nobody waits for: it
     * has no deadline, so a worker busy with a long call never times out over it, and it is
     * written from a thread that may block.
     */
    public void post(Call call) {
        sendControl(call.command(), call.args(), call.session());
    }

    private void sendControl(String command, Map<String, Object> args) {
        sendControl(command, args, Optional.empty());
    }

    // The caller may be the reader or the timer thread: a full pipe must never stall either.
    private void sendControl(String command, Map<String, Object> args, Optional<String> session) {
        if (death != null) {
            return;
        }
        long requestId = ids.incrementAndGet();
        byte[] frame = codec.encodeRequest(new Request(requestId, command, args, session));
        controlRequests.add(requestId);
        blockingTasks.execute(() -> write(frame));
    }

    private void write(byte[] frame) {
        writeLock.lock();
        try {
            stdin.write(frame);
            stdin.flush();
        }
        catch (IOException e) {
            // The process is gone or going; the reader will see the end and fail every call in flight.
            LOG.debug("worker {}: write failed ({}); stopping it", id, e.toString());
            process.kill();
        }
        finally {
            writeLock.unlock();
        }
    }

    /** The reader thread: reads while an asynchronous call waits, the worker starts, or its process has ended. */
    private void readWhileNeeded() {
        while (replies.readOnce(this::readerNeeded)) {
            while (!readerNeeded() && !replies.ended()) {
                LockSupport.park(this);
            }
        }
        finishOnce();
    }

    private boolean readerNeeded() {
        return !ready.isDone() || asyncInFlight.get() > 0 || processExited;
    }

    private void onFrame(byte[] payload) {
        if (!ready.isDone()) {
            ready.complete(ReadyFrames.parse(id, codec.decodeReply(payload)));
            return;
        }
        Reply reply = codec.decodeReply(payload);
        if (reply.id().isEmpty()) {
            LOG.warn("worker {} could not read a request: {}", id, reply instanceof Reply.Failure failure ? failure.error().message() : reply);
            return;
        }
        long replyId = reply.id().getAsLong();
        PendingCall entry = pending.remove(replyId);
        if (entry == null) {
            if (!controlRequests.remove(replyId)) {
                lateReplies.increment();
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

    /** Runs once, on whichever thread saw stdout end or break. */
    private void finishOnce() {
        if (finished.compareAndSet(false, true)) {
            finish(replies.problem());
        }
    }

    private void finish(Throwable problem) {
        if (problem != null || stopRequested.get()) {
            process.kill();
        }
        int exitCode = awaitExitCode();
        closeQuietly(process.stdout());
        stderr.awaitEnd(1000);
        WorkerExit exit = new WorkerExit(exitCode, stopRequested.get(), stderr.tail());
        BridgeException failure = failureFor(exit, problem);
        death = failure;
        LOG.debug("worker {} (pid {}) ended with {}", id, pid(), exit.describe());
        // The supervisor hears first, so that a caller who sees the failure and retries reaches a new worker.
        listener.exited(this, exit);
        ready.completeExceptionally(startupFailure(exit, problem));
        for (PendingCall entry : pending.values()) {
            if (pending.remove(entry.id, entry)) {
                entry.future.completeExceptionally(failure);
            }
        }
        exited.complete(exit);
    }

    private int awaitExitCode() {
        try {
            return process.onExit().get(2, TimeUnit.SECONDS);
        }
        catch (TimeoutException e) {
            // stdout closed but the process lingers: it is no use to anyone now.
            process.kill();
            try {
                return process.onExit().get(2, TimeUnit.SECONDS);
            }
            catch (InterruptedException | ExecutionException | TimeoutException again) {
                return -1;
            }
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

    private BridgeException startupFailure(WorkerExit exit, Throwable problem) {
        if (problem == null && exit.exitCode() == EXIT_EXTENSION) {
            return new BridgeConfigurationException("worker " + id + " could not load an extension module named in "
                    + "BridgeConfig.extensions" + StderrLines.suffix(exit.stderrTail()));
        }
        String reason = problem instanceof ProtocolException
                ? "wrote something other than its ready frame to stdout (" + problem.getMessage() + "; it began with \""
                        + replies.firstBytes() + "\"): does a sitecustomize or .pth file print?"
                : "exited with " + exit.describe() + " before it was ready";
        return new WorkerStartupException("worker " + id + " " + reason + StderrLines.suffix(exit.stderrTail()),
                id, exit.stderrTail(), problem);
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

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
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
        final boolean async;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        /** The request, until it is written. */
        byte[] frame;

        PendingCall(long id, String command, Deadline deadline, boolean async, byte[] frame) {
            this.id = id;
            this.command = command;
            this.deadline = deadline;
            this.async = async;
            this.frame = frame;
        }
    }
}
