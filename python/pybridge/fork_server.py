"""The fork server: imports the preload modules once, then forks every worker of one pool on request.

Started by the JVM as `start_pybridge.py --fork-server --socket PATH [--run-id RUN] [--parent-pid PID]
[--preload MODULE]...` (PROTOCOL.md, "Fork server"). Requests come on stdin, one JSON object a line;
events go to the real stdout, one JSON object a line. A forked child connects to the JVM's Unix socket
twice (its frames, then its stderr), proves the secret it was given before anything else, and from
then on is a worker like any other: its own process group, its parent watched.

The server runs one thread, its own: a fork copies only the thread that forks, so a server with threads
would hand its children locks that nobody can release."""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import socket
import sys

from . import preload

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_PARENT_GONE = 4
EXIT_PRELOAD = 5
EXIT_UNSAFE = 7
# A forked child that could not connect to the JVM.
EXIT_CONNECT = 8
PARENT_CHECK_INTERVAL_S = 0.5
FRAMES = b"F"
STDERR = b"E"
_OPTIONS = frozenset(("--socket", "--run-id", "--parent-pid"))


class UsageError(Exception):
    """A bad command line; the message names the option."""


class ServerOptions:
    __slots__ = ("socket", "run_id", "parent_pid", "preload")

    def __init__(self) -> None:
        self.socket = ""
        self.run_id: str | None = None
        self.parent_pid: int | None = None
        self.preload: list[str] = []


def parse_options(argv: list[str]) -> ServerOptions:
    options = ServerOptions()
    pairs = list(zip(argv[::2], argv[1::2]))
    if len(argv) % 2:
        raise UsageError(f"option {argv[-1]} needs a value")
    for name, value in pairs:
        if name == "--preload":
            if not all(part.isidentifier() for part in value.split(".")):
                raise UsageError(f"option --preload expects a dotted module name, got {value!r}")
            options.preload.append(value)
        elif name == "--socket":
            options.socket = value
        elif name == "--run-id":
            options.run_id = value
        elif name == "--parent-pid":
            if not (value.isascii() and value.isdigit()):
                raise UsageError(f"option --parent-pid expects a whole number, got {value!r}")
            options.parent_pid = int(value)
        else:
            raise UsageError(f"unknown option {name!r}")
    if not options.socket:
        raise UsageError("option --socket is required")
    return options


def main(argv: list[str]) -> int:
    try:
        options = parse_options(argv)
    except UsageError as exc:
        sys.stderr.write(f"pybridge fork server: {exc}\n")
        return EXIT_USAGE
    return ForkServer(options).run()


class ForkServer:
    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        self._parent = os.getppid()
        self._children: set[int] = set()
        # Every child forked and not yet known to have no group left: the only groups a kill request may reach.
        self._groups: set[int] = set()
        self._control = -1
        self._events = -1
        self._wake: tuple[int, int] = (-1, -1)

    def run(self) -> int:
        try:
            os.setpgid(0, 0)
        except OSError:
            pass  # a session leader leads its group already
        self._take_over_stdio()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if not hasattr(os, "fork") or not hasattr(socket, "AF_UNIX"):
            self._emit({"event": "unavailable", "reason": f"this Python ({sys.platform}) has no os.fork or no Unix sockets"})
            return EXIT_OK
        try:
            preload.load(self.options.preload)
            preload.check_fork_safe(self.options.preload)
        except preload.PreloadError as exc:
            self._emit({"event": "failed", "message": str(exc)})
            return EXIT_PRELOAD
        except preload.UnsafeToFork as exc:
            self._emit({"event": "refused", "message": str(exc), "threads": exc.threads})
            return EXIT_UNSAFE
        # The worker's own modules too, so that a child starts serving without importing anything. Then the objects made so
        # far leave the collector's generations: a collection in a child would otherwise write to (and so copy) every page
        # that holds them, which costs each child time and the memory that forking is meant to share.
        from . import __main__  # noqa: F401
        gc.freeze()
        self._emit({"event": "ready", "pid": os.getpid(), "preloaded": self.options.preload})
        return self._serve()

    def _take_over_stdio(self) -> None:
        """Keeps the real stdin and stdout for requests and events: what a preload prints goes to stderr."""
        sys.stdout.flush()
        self._control = os.dup(0)
        self._events = os.dup(1)
        os.dup2(2, 1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)

    def _serve(self) -> int:
        self._wake = os.pipe()
        for fd in self._wake:
            os.set_blocking(fd, False)
        signal.set_wakeup_fd(self._wake[1])
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        pending = b""
        while True:
            if self._parent_gone():
                self._end_children()
                return EXIT_PARENT_GONE
            readable, _, _ = select.select([self._control, self._wake[0]], [], [], PARENT_CHECK_INTERVAL_S)
            if self._wake[0] in readable:
                _drain(self._wake[0])
            self._reap()
            if self._control in readable:
                data = os.read(self._control, 65536)
                if not data:
                    self._end_children()
                    return EXIT_OK
                pending += data
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    if line.strip():
                        self._handle_line(line)

    def _handle_line(self, line: bytes) -> None:
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError("not a JSON object")
            self._handle(request)
        except (ValueError, KeyError, TypeError) as exc:
            # Never the line itself: a fork request carries its worker's secret, and this goes to the JVM's log.
            sys.stderr.write(f"pybridge fork server: bad request of {len(line)} bytes: {type(exc).__name__}: {exc}\n")
            sys.stderr.flush()

    def _handle(self, request: dict) -> None:
        op = request.get("op")
        if op == "fork":
            self._fork(request)
        elif op == "kill":
            self._kill_group(int(request["pid"]))
        else:
            sys.stderr.write(f"pybridge fork server: unknown request {op!r}\n")

    def _fork(self, request: dict) -> None:
        missing = [key for key in ("ref", "worker", "secret", "args") if key not in request]
        if missing:
            raise KeyError(f"a fork request without {', '.join(missing)}")
        threads = preload.other_threads()
        if threads:
            self._emit({"event": "fork-failed", "ref": request["ref"],
                        "message": f"the fork server runs threads ({', '.join(threads)}) and cannot fork safely"})
            return
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError as exc:
            # Out of memory or processes: that start fails, and the workers forked before go on serving.
            self._emit({"event": "fork-failed", "ref": request["ref"], "message": f"fork failed: {exc}"})
            return
        if pid == 0:
            self._become_worker(request)
        try:
            os.setpgid(pid, pid)  # as the child does: whichever runs first, the group exists before anyone signals it
        except OSError:
            pass
        self._children.add(pid)
        self._groups.add(pid)
        self._emit({"event": "forked", "ref": request["ref"], "pid": pid})

    def _become_worker(self, request: dict) -> None:
        """In the child: lets go of what belongs to the server, connects to the JVM, and runs the worker."""
        try:
            os.setpgid(0, 0)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in (self._control, self._events, *self._wake):
                os.close(fd)
            preload.reseed()
            _name_process(str(request["worker"]))
            secret = str(request["secret"]).encode("ascii")
            frames = _connect(self.options.socket, secret + FRAMES)
            errors = _connect(self.options.socket, secret + STDERR)
            os.dup2(frames.fileno(), 0)
            os.dup2(frames.fileno(), 1)
            os.dup2(errors.fileno(), 2)
            frames.close()
            errors.close()
            args = [str(arg) for arg in request["args"]]
        except BaseException as exc:
            try:
                sys.stderr.write(f"pybridge fork server: forked worker {request.get('worker')!r} could not connect: {exc}\n")
                sys.stderr.flush()
            finally:
                os._exit(EXIT_CONNECT)
        from .__main__ import start

        start(args)  # never returns: it ends the process with the worker's exit code

    def _kill_group(self, pid: int) -> None:
        if pid not in self._groups:
            return  # not a child of this server: never signal anyone else's group
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            if pid not in self._children:
                self._groups.discard(pid)
        except OSError:
            pass

    def _reap(self) -> None:
        while self._children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self._children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            self._emit({"event": "exited", "pid": pid, "status": 128 - code if code < 0 else code})

    def _end_children(self) -> None:
        """Kills every child's group, and reaps them: a server that ends leaves no worker."""
        for pid in list(self._children):
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        for pid in list(self._children):
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                continue
            code = os.waitstatus_to_exitcode(status)
            self._emit({"event": "exited", "pid": pid, "status": 128 - code if code < 0 else code})
        self._children.clear()

    def _parent_gone(self) -> bool:
        if os.getppid() != self._parent:
            return True
        pid = self.options.parent_pid
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    def _emit(self, event: dict) -> None:
        data = (json.dumps(event) + "\n").encode("utf-8")
        try:
            while data:
                data = data[os.write(self._events, data):]
        except OSError:
            pass  # the JVM is gone: the parent watch ends the server


def _connect(path: str, hello: bytes) -> socket.socket:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    connection.sendall(hello)
    return connection


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


def _name_process(worker_id: str) -> None:
    """Names the child in `ps` and `top` (its command line stays the server's, which carries the run id)."""
    try:
        with open("/proc/self/comm", "w") as comm:
            comm.write(f"pybridge-{worker_id}"[:15])
    except OSError:
        pass  # not Linux
