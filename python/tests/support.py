"""A real worker process driven over pipes with real framing, for the tests."""

from __future__ import annotations

import base64
import json
import os
import select
import signal
import subprocess
import sys
import time
import unittest
from collections.abc import Callable

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Generous, since the tests must pass on a loaded machine; only a failing test waits this long.
TIMEOUT_S = 30.0


def worker_command(*options: str) -> list[str]:
    return [sys.executable, "-m", "pybridge", *options]


def worker_env(*extra_paths: str) -> dict[str, str]:
    """The environment of a worker: the worker's folder first on the import path, then `extra_paths`."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join((PYTHON_DIR, *extra_paths)))


def frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(4, "big") + payload


def decode_reply(payload: bytes) -> dict[str, object]:
    """A reply payload as JSON; in a binary one, each bytes buffer becomes the base64 form of the bytes tag,
    each str buffer the string, and each array tag's buffer index is replaced by its bytes ("data"), so that
    tests compare contents."""
    if payload[:1] != b"\0":
        return json.loads(payload.decode("utf-8"))
    from pybridge.protocol import binary_parts

    text, buffers = binary_parts(payload)

    def resolve(obj: dict[str, object]) -> object:
        tagged = obj.get("__pybridge__")
        value = obj.get("value")
        if tagged == "bytes" and isinstance(value, dict):
            return {"__pybridge__": "bytes", "value": base64.b64encode(buffers[value["buffer"]]).decode("ascii")}
        if tagged == "str" and isinstance(value, dict):
            return str(buffers[value["buffer"]], "utf-8")
        if tagged == "array":
            return {"__pybridge__": "array", "value": {"dtype": value["dtype"], "shape": value["shape"], "data": bytes(buffers[value["buffer"]])}}
        return obj

    return json.loads(bytes(text).decode("utf-8"), object_hook=resolve)


def encode(message: object) -> bytes:
    return json.dumps(message).encode("utf-8")


class WorkerProcess:
    """A child process whose stdin, stdout and stderr are pipes owned by the test.

    All waiting goes through select() with a deadline; stdout and stderr are
    read whenever data is waiting so that the child never blocks on a full pipe.
    """

    def __init__(
        self, argv: list[str], pass_fds: tuple[int, ...] = (), cwd: str | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env if env is not None else worker_env(),
            pass_fds=pass_fds,
            cwd=cwd,
        )
        self._in = self.proc.stdin.fileno()
        self._out = self.proc.stdout.fileno()
        self._err = self.proc.stderr.fileno()
        os.set_blocking(self._in, False)
        self._in_open = True
        self._out_open = True
        self._err_open = True
        self._pending = bytearray()
        self._out_buffer = bytearray()
        self._err_buffer = bytearray()
        self._next_id = 1
        self.ready: dict[str, object] = {}

    @classmethod
    def start(cls, test: unittest.TestCase, *options: str, env: dict[str, str] | None = None) -> WorkerProcess:
        """A worker with `options`, stopped when the test ends, whose ready frame has been read."""
        return cls.start_argv(test, worker_command(*options), env)

    @classmethod
    def start_argv(cls, test: unittest.TestCase, argv: list[str], env: dict[str, str] | None = None) -> WorkerProcess:
        """A worker started by `argv`, stopped when the test ends, whose ready frame has been read."""
        worker = cls(argv, env=env)
        test.addCleanup(worker.close)
        worker.ready = worker.read_frame()
        return worker

    # Talking

    def send_raw(self, data: bytes) -> None:
        self._pending += data
        self._pump(lambda: not self._pending, "the request to be written")

    def send_payload(self, payload: bytes) -> None:
        self.send_raw(frame(payload))

    def send(self, message: object) -> None:
        self.send_payload(encode(message))

    def next_id(self) -> int:
        """The id the next request() will use."""
        return self._next_id

    def request(self, command: str, args: object = None, session: str | None = None, **fields: object) -> int:
        """Sends a request with a fresh id and returns the id."""
        request_id = self._next_id
        self._next_id += 1
        message: dict[str, object] = {"id": request_id, "command": command}
        if args is not None:
            message["args"] = args
        if session is not None:
            message["session"] = session
        message.update(fields)
        self.send(message)
        return request_id

    def call(self, command: str, args: object = None, session: str | None = None) -> dict[str, object]:
        """Sends a request and returns its reply, which must be the next frame."""
        request_id = self.request(command, args, session)
        reply = self.read_frame()
        if reply.get("id") != request_id:
            raise AssertionError(f"expected the reply to {request_id}, got {reply}")
        return reply

    def result(self, command: str, args: object = None, session: str | None = None) -> object:
        reply = self.call(command, args, session)
        if reply["success"] is not True:
            raise AssertionError(f"{command} {args} failed: {reply}")
        return reply["result"]

    def error(self, command: str, args: object = None, session: str | None = None) -> dict[str, object]:
        reply = self.call(command, args, session)
        if reply["success"] is not False:
            raise AssertionError(f"{command} {args} succeeded: {reply}")
        error = reply["error"]
        assert isinstance(error, dict)
        return error

    def read_raw_frame(self, timeout: float = TIMEOUT_S) -> bytes:
        def complete() -> bool:
            return len(self._out_buffer) >= 4 and len(self._out_buffer) >= 4 + int.from_bytes(self._out_buffer[:4], "big")

        self._pump(complete, "a reply frame", timeout, needs_stdout=True)
        length = int.from_bytes(self._out_buffer[:4], "big")
        payload = bytes(self._out_buffer[4 : 4 + length])
        del self._out_buffer[: 4 + length]
        return payload

    def read_frame(self, timeout: float = TIMEOUT_S) -> dict[str, object]:
        return decode_reply(self.read_raw_frame(timeout))

    def read_replies(self, ids: list[int]) -> tuple[dict[int, dict[str, object]], list[int]]:
        """The replies to `ids`, by id, and the order in which they came."""
        replies: dict[int, dict[str, object]] = {}
        order: list[int] = []
        while len(replies) < len(ids):
            reply = self.read_frame()
            request_id = reply["id"]
            if not isinstance(request_id, int) or request_id not in ids or request_id in replies:
                raise AssertionError(f"unexpected reply {reply}, waiting for {ids}")
            replies[request_id] = reply
            order.append(request_id)
        return replies, order

    def close_stdin(self) -> None:
        self._pump(lambda: not self._pending, "the requests to be written")
        if self._in_open:
            self._in_open = False
            self.proc.stdin.close()

    # Watching

    def stderr_text(self) -> str:
        return self._err_buffer.decode("utf-8", "replace")

    def wait_stderr(self, text: str, timeout: float = TIMEOUT_S) -> None:
        self._pump(lambda: text in self.stderr_text(), f"{text!r} on stderr", timeout)

    def wait_streams_closed(self, timeout: float = TIMEOUT_S) -> None:
        """Waits until every process holding the stdout and stderr pipes has closed them."""
        self._pump(lambda: not self._out_open and not self._err_open, "stdout and stderr to close", timeout)

    def wait_stdout_closed(self, timeout: float = TIMEOUT_S) -> None:
        """Waits until every process holding the stdout pipe has closed it."""
        self._pump(lambda: not self._out_open, "stdout to close", timeout)

    def wait_exit(self, timeout: float = TIMEOUT_S) -> int:
        deadline = time.monotonic() + timeout
        self.wait_streams_closed(timeout)
        return self.proc.wait(max(0.0, deadline - time.monotonic()))

    def stdout_leftover(self) -> bytes:
        return bytes(self._out_buffer)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass  # a broken pipe while flushing stdin: the process is gone anyway

    def _pump(self, done: Callable[[], bool], what: str, timeout: float = TIMEOUT_S, needs_stdout: bool = False) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if needs_stdout and not self._out_open:
                raise AssertionError(f"stdout closed while waiting for {what}; stderr:\n{self.stderr_text()}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; stderr:\n{self.stderr_text()}")
            readers = [fd for fd, is_open in ((self._out, self._out_open), (self._err, self._err_open)) if is_open]
            writers = [self._in] if self._pending and self._in_open else []
            if not readers and not writers:
                raise AssertionError(f"the process closed its streams while waiting for {what}; stderr:\n{self.stderr_text()}")
            readable, writable, _ = select.select(readers, writers, [], remaining)
            for fd in readable:
                chunk = os.read(fd, 65536)
                if fd == self._out:
                    self._out_buffer += chunk
                    self._out_open = bool(chunk)
                else:
                    self._err_buffer += chunk
                    self._err_open = bool(chunk)
            if writable:
                try:
                    written = os.write(self._in, self._pending)
                except BlockingIOError:
                    written = 0
                except BrokenPipeError:
                    # The worker stopped reading (a broken stream ends it): what is left is moot.
                    written = len(self._pending)
                    self._in_open = False
                del self._pending[:written]
