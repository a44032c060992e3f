"""The worker: guarded standard streams, the request loop, sessions, cancellation and exits."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from . import bytecode, process_group
from .capture import Capture, Route, RoutedStream
from .context import CANCELLED, FINISHING, QUEUED, RUNNING, RequestContext
from .errors import Cancelled, InvalidArguments, ProtocolError, ResultTooLarge, UnknownCommand, describe
from .protocol import (
    DEFAULT_MAX_FRAME_BYTES,
    PROTOCOL_VERSION,
    BrokenStream,
    FrameReader,
    FrameWriter,
    RejectedRequest,
    Request,
    encode_error,
    encode_result,
    parse_request,
)
from .redaction import Redactor
from .stats import platform_name, python_version

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import ThreadPoolExecutor
    from typing import TextIO

    from .commands import Command, CommandTable

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BROKEN_STREAM = 3
EXIT_PARENT_GONE = 4
EXIT_EXTENSION = 5
PARENT_CHECK_INTERVAL_S = 0.5

class Options:
    """The command-line options of PROTOCOL.md, "Start-up"."""

    __slots__ = ("worker_id", "run_id", "run_host", "parent_pid", "max_frame_bytes", "threads", "extensions", "preload")

    def __init__(
        self,
        worker_id: str = "worker",
        run_id: str | None = None,
        run_host: str | None = None,
        parent_pid: int | None = None,
        max_frame_bytes: int = DEFAULT_MAX_FRAME_BYTES,
        threads: int = 1,
        extensions: list[str] | None = None,
        preload: list[str] | None = None,
    ) -> None:
        self.worker_id = worker_id
        self.run_id = run_id
        self.run_host = run_host
        self.parent_pid = parent_pid
        self.max_frame_bytes = max_frame_bytes
        self.threads = threads
        self.extensions = extensions if extensions is not None else []
        self.preload = preload if preload is not None else []


class Worker:
    """Serves requests from the JVM until its stdin ends, `shutdown`, or its parent is gone."""

    def __init__(self, options: Options, commands: CommandTable) -> None:
        self.options = options
        self.threads = options.threads
        self.route = Route()
        self.redactor = Redactor()
        self._commands = commands
        self._started = time.monotonic()
        # Taken first thing: a parent that dies before the watch starts must still be noticed.
        self._parent = os.getppid()
        self._lock = threading.Lock()
        self._sessions: dict[str, dict[str, object]] = {}
        self._default_namespace: dict[str, object] | None = None
        # Per session (None: the default namespace), what commands keep beside the namespace.
        self._session_states: dict[str | None, dict[str, object]] = {}
        # What command families keep for the worker's life, by key.
        self._worker_states: dict[str, object] = {}
        self._active: dict[int, RequestContext] = {}
        self._requests = 0
        self._errors = 0
        self._stderr: TextIO = sys.stderr
        self._reader: FrameReader
        self._writer: FrameWriter
        self._executor: ThreadPoolExecutor | None = None

    def run(self) -> int:
        """Guards the streams and serves until the request stream ends; returns the exit code."""
        self.guard_streams()
        return self.serve()

    def guard_streams(self) -> None:
        """Takes the protocol's streams away from user code (before anything user-supplied is imported,
        so that nothing it prints can corrupt a frame), and begins to watch the parent process."""
        process_group.lead()
        self._take_over_stdio()
        # The JVM owns the worker's lifetime: a Ctrl-C in a terminal reaches it, and it shuts its workers down.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self._watch_parent()

    def serve(self) -> int:
        """Sends the ready frame and serves until the request stream ends; returns the exit code."""
        ready = encode_result(0, self._ready_info())
        if len(ready) > self.options.max_frame_bytes:
            self.say(f"--max-frame-bytes {self.options.max_frame_bytes} cannot carry the ready frame ({len(ready)} bytes)")
            return EXIT_USAGE
        self._write(ready)
        bytecode.compile_later(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), python_version())
        if self.threads > 1:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="pybridge-request")
        while True:
            try:
                payload = self._reader.read()
            except (BrokenStream, OSError) as exc:
                self.say(f"broken request stream: {exc}")
                return EXIT_BROKEN_STREAM
            if payload is None:
                break
            self._accept(payload)
        if self._executor is not None:
            self._executor.shutdown(wait=True)  # requests read before the end are still answered
        return EXIT_OK

    def _ready_info(self) -> dict[str, object]:
        return {
            "ready": True,
            "pid": os.getpid(),
            "python": python_version(),
            "executable": sys.executable,
            "platform": platform_name(),
            "protocol": PROTOCOL_VERSION,
            "worker_id": self.options.worker_id,
            "threads": self.threads,
            "commands": self._commands.names(),
        }

    def _take_over_stdio(self) -> None:
        """Keeps fds 0 and 1 for frames alone: user code, C libraries and child
        processes that write to fd 1 reach stderr, and those that read fd 0 see
        an empty stream rather than the JVM's requests."""
        sys.stdout.flush()
        requests_fd = os.dup(0)
        replies_fd = os.dup(1)
        os.dup2(2, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        self._reader = FrameReader(requests_fd, self.options.max_frame_bytes)
        self._writer = FrameWriter(replies_fd)
        # A process forked by user code (multiprocessing, os.fork) must not hold the protocol's pipes: the JVM would
        # then see no end of the reply stream when the worker dies, and the child could read requests meant for it.
        os.register_at_fork(after_in_child=lambda: _close_quietly(requests_fd, replies_fd))
        self._stderr = sys.stderr
        sys.stdout = RoutedStream("stdout", self.route, self._stderr, 1, self.redactor)
        sys.stderr = RoutedStream("stderr", self.route, self._stderr, 2, self.redactor)

    def _watch_parent(self) -> None:
        threading.Thread(target=self._watch_parent_loop, name="pybridge-parent-watch", daemon=True).start()

    def _watch_parent_loop(self) -> None:
        while True:
            gone = self._parent_gone()
            if gone:
                self._exit(EXIT_PARENT_GONE, gone)
            time.sleep(PARENT_CHECK_INTERVAL_S)

    def _parent_gone(self) -> str | None:
        current = os.getppid()
        if current != self._parent:
            return f"the parent process {self._parent} is gone (now a child of {current}); exiting"
        pid = self.options.parent_pid
        if pid is not None:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return f"the parent process {pid} (--parent-pid) is gone; exiting"
            except PermissionError:
                pass  # it exists, under another user
        return None

    def _accept(self, payload: bytes) -> None:
        self._requests += 1  # only this thread writes it
        try:
            request = parse_request(payload)
        except RejectedRequest as rejected:
            self._reply_error(rejected.request_id, rejected.error)
            return
        command = self._commands.get(request.command)
        # On this thread run the quick commands, and every command when there are no request threads: no cancel can
        # meet such a request while it runs, so it needs none of the locking that guards the cancel window.
        here = command is None or command.inline or self._executor is None
        ctx = RequestContext(self, request, inline=here)
        if self._active.setdefault(request.id, ctx) is not ctx:
            self._reply_error(None, ProtocolError(f"request id {request.id} is already in flight"))
        elif here:
            self._run_here(ctx, command)
        else:
            self._executor.submit(self._execute, ctx, command)

    def _run_here(self, ctx: RequestContext, command: Command | None) -> None:
        ctx.phase = RUNNING
        failure: BaseException | None = None
        try:
            result = self._invoke(ctx, command)
        except BaseException as exc:  # user code may raise anything, SystemExit included
            result = None
            failure = exc
        ctx.phase = FINISHING
        if ctx.capture is not None:
            self.route.capture = None
        self._finish(ctx, result, failure)

    def _execute(self, ctx: RequestContext, command: Command | None) -> None:
        with self._lock:
            if ctx.phase != QUEUED:
                return  # cancelled while queued, and already answered
            ctx.phase = RUNNING
            ctx.thread_id = threading.get_ident()
        result: object = None
        failure: BaseException | None = None
        try:
            try:
                result = self._invoke(ctx, command)
            except BaseException as exc:  # user code may raise anything, SystemExit included
                failure = exc
            cancelled = self._settle(ctx)
        except Cancelled as exc:
            # An injected Cancelled that landed after the command had returned,
            # but before _settle closed the window.
            failure = exc
            cancelled = self._settle(ctx)
        if cancelled and not isinstance(failure, Cancelled):
            failure = Cancelled()
        self._finish(ctx, result, failure)

    def _invoke(self, ctx: RequestContext, command: Command | None) -> object:
        if command is None:
            known = ", ".join(self._commands.names())
            raise UnknownCommand(f"unknown command {ctx.command!r}; the commands are {known}")
        if ctx.refs and not command.accepts_refs:
            raise InvalidArguments(f"{ctx.command}: ref values are taken by the script commands only, not by {ctx.command}")
        return command.run(ctx, ctx.args)

    def start_capture(self, ctx: RequestContext) -> Capture:
        """Routes what the request's thread prints into a capture of its own."""
        capture = Capture(self.options.max_frame_bytes)
        self.route.capture = capture
        return capture

    def enter_user_code(self, ctx: RequestContext) -> None:
        """Opens the window in which a cancel raises Cancelled in the request's thread."""
        if ctx.inline:
            return  # nothing can cancel it
        with self._lock:
            if ctx.cancel_requested:
                raise Cancelled()
            ctx.cancellable = True

    def _settle(self, ctx: RequestContext) -> bool:
        """Closes the cancel window; true when the request was cancelled while it ran.

        Safe to call twice: it runs again when a pending Cancelled lands inside it."""
        with self._lock:
            ctx.cancellable = False
            ctx.phase = FINISHING
            cancelled = ctx.cancel_requested
            injected = ctx.injected
        self.route.capture = None
        if injected:
            _set_async_exception(ctx.thread_id, None)
        return cancelled

    def cancel(self, target_id: int) -> bool:
        """Cancels a queued or running request; true when it will be answered Cancelled."""
        with self._lock:
            target = self._active.get(target_id)
            if target is None or target.inline:
                return False
            if target.phase == RUNNING:
                target.cancel_requested = True
                # Under the lock, so that the target cannot be leaving user code meanwhile.
                if target.cancellable and not target.injected:
                    target.injected = True
                    _set_async_exception(target.thread_id, Cancelled)
                return True
            if target.phase != QUEUED:
                return False
            target.phase = CANCELLED
        self._finish(target, None, Cancelled(f"request {target_id} was cancelled before it started"))
        return True

    def _finish(self, ctx: RequestContext, result: object, failure: BaseException | None) -> None:
        extra = ctx.capture.texts() if ctx.capture is not None else None
        payload, failed = self._encode_reply(ctx, result, failure, extra)
        if len(payload) > self.options.max_frame_bytes:
            payload = self._too_large(ctx.id, len(payload), ctx.capture)
            failed = True
        self._active.pop(ctx.id, None)
        if failed:
            with self._lock:
                self._errors += 1
        self._write(payload)
        if ctx.exit_code is not None:
            self._exit(ctx.exit_code)

    def _encode_reply(
        self, ctx: RequestContext, result: object, failure: BaseException | None, extra: dict[str, str] | None
    ) -> tuple[bytes, bool]:
        """The reply's payload, and whether it is an error reply."""
        if failure is None:
            try:
                return encode_result(ctx.id, result, extra), False
            except Exception as exc:  # UnsupportedValue, or a dict that user code changes meanwhile
                failure = exc
        return encode_error(ctx.id, self._error_object(ctx, failure, extra)), True

    def _error_object(self, ctx: RequestContext, exc: BaseException, extra: dict[str, str] | None) -> dict[str, object]:
        if isinstance(exc, Cancelled) and not exc.args:
            # Raised by class from another thread, so it came without a message.
            exc.args = (f"request {ctx.id} was cancelled while it ran",)
        error = describe(exc, ctx.script_files)
        if extra is not None:
            error.update(extra)
        # Masked whole: a secret may sit in the message of any exception in the chain, or in a path.
        scrubbed = self.redactor.scrub_value(error)
        assert isinstance(scrubbed, dict)
        return scrubbed

    def _too_large(self, request_id: int, size: int, capture: Capture | None) -> bytes:
        """The ResultTooLarge reply; it always fits, since --max-frame-bytes is at least 1024."""
        limit = self.options.max_frame_bytes
        message = f"the reply to request {request_id} would be {size} bytes, over the maximum frame size of {limit} bytes"
        error = describe(ResultTooLarge(message))
        if capture is None:
            return encode_error(request_id, error)
        bare = len(encode_error(request_id, {**error, "stdout": "", "stderr": ""}))
        error.update(capture.texts(limit - bare))
        return encode_error(request_id, error)

    def _reply_error(self, request_id: int | None, error: Exception) -> None:
        with self._lock:
            self._errors += 1
        self._write(encode_error(request_id, describe(error)))

    def _write(self, payload: bytes) -> None:
        try:
            self._writer.write(payload)
        except OSError as exc:
            self._exit(EXIT_BROKEN_STREAM, f"cannot write to the reply stream: {exc}")

    def say(self, message: str) -> None:
        try:
            self._stderr.write(f"pybridge worker {self.options.worker_id}: {message}\n")
            self._stderr.flush()
        except (OSError, ValueError):
            pass  # nowhere left to say it

    def _exit(self, code: int, message: str | None = None) -> None:
        """Ends the process now, from any thread, without waiting for running requests."""
        if message is not None:
            self.say(message)
        try:
            self._stderr.flush()
        except (OSError, ValueError):
            pass
        process_group.end_others()
        os._exit(code)

    def namespace(self, session: str | None) -> dict[str, object]:
        """The session's namespace, created on first use; None is the shared default one."""
        with self._lock:
            if session is None:
                if self._default_namespace is None:
                    self._default_namespace = _new_namespace()
                return self._default_namespace
            namespace = self._sessions.get(session)
            if namespace is None:
                namespace = self._sessions[session] = _new_namespace()
            return namespace

    def session_state(self, session: str | None, key: str, create: Callable[[], object]) -> object:
        """What the command family `key` keeps for the session, created on first use; freed with the session."""
        with self._lock:
            states = self._session_states.setdefault(session, {})
            state = states.get(key)
            if state is None:
                state = states[key] = create()
            return state

    def worker_state(self, key: str, create: Callable[[], object]) -> object:
        """What the command family `key` keeps for the worker's life, created on first use."""
        with self._lock:
            state = self._worker_states.get(key)
            if state is None:
                state = self._worker_states[key] = create()
            return state

    def add_secret(self, secret: str) -> None:
        self.redactor.add(secret)

    def redact(self, value: object) -> object:
        return self.redactor.scrub_value(value)

    @property
    def worker_id(self) -> str:
        return self.options.worker_id

    def close_session(self, session: str | None) -> bool:
        """Frees the session's namespace and state; true when it had either (a session may hold programs only)."""
        with self._lock:
            had_state = self._session_states.pop(session, None) is not None
            if session is None:
                had_namespace = self._default_namespace is not None
                self._default_namespace = None
            else:
                had_namespace = self._sessions.pop(session, None) is not None
            return had_namespace or had_state

    def counters(self, asking: RequestContext) -> dict[str, int]:
        """The request counters for `stats`; `asking` is not counted as in flight."""
        with self._lock:
            return {
                "requests": self._requests,
                "errors": self._errors,
                "in_flight": sum(1 for request_id in self._active if request_id != asking.id),
                "sessions": len(self._sessions),
            }

    def uptime_s(self) -> float:
        return time.monotonic() - self._started


def _close_quietly(*fds: int) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def _new_namespace() -> dict[str, object]:
    return {"__name__": "__main__"}


def _set_async_exception(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Makes a thread raise `exc_type` at its next bytecode; None withdraws a pending one."""
    import ctypes

    exc = ctypes.py_object(exc_type) if exc_type is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)
