package dev.pybridge.core.internal.worker;

import dev.pybridge.core.internal.protocol.MessageCodec;
import dev.pybridge.core.internal.time.EngineTime;

import java.util.concurrent.Executor;

import static java.util.Objects.requireNonNull;

/**
 * What every worker of one engine shares.
 *
 * @param owner what the workers serve (an engine), for {@link Worker#readsRepliesFor}
 * @param codec the frames and values on the wire
 * @param time the clock and timers
 * @param blockingTasks where blocking work runs (queued writes, finishing a dead worker)
 * @param interpreter the Python executable as configured, for messages about it
 */
record WorkerContext(Object owner, MessageCodec codec, EngineTime time, Executor blockingTasks, String interpreter) {

    WorkerContext {
        requireNonNull(owner, "owner is null");
        requireNonNull(codec, "codec is null");
        requireNonNull(time, "time is null");
        requireNonNull(blockingTasks, "blockingTasks is null");
        requireNonNull(interpreter, "interpreter is null");
    }
}
