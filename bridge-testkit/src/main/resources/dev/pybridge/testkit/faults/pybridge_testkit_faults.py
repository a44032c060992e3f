"""Makes a real PyBridge worker misbehave, for the testkit's fault injection (dev.pybridge.testkit.faults.PythonFaults).

The JVM names this module as the last extension module and passes the faults in the environment variable
PYBRIDGE_TESTKIT_FAULTS, a JSON list such as [{"fault": "crash_on_command", "command": "eval"}]. `register(table)`
wraps every command of the table, so that each request meets the faults before its command runs. Each fault
misbehaves for real: a SIGKILL of the worker itself, a thread blocked where no cancel reaches it, bytes that are
not a frame on the reply descriptor, a child that holds the worker's pipes.

"Calls" are the requests of every command but the worker's housekeeping, which the bridge sends by itself
(health checks, cancels, shutdown, and the `session.close` a pool sends before a session moves in): those are not
counted, delayed or flooded, so that a fault meant for a caller's calls does not also fail the bridge's
housekeeping. A fault that names a command applies to that command whatever it is.

Each fault says what it does on stderr first, so that the bridge's error (which carries the last stderr lines)
tells a test that the fault, not a bug, ended the worker.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import stat
import threading
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from pybridge.commands import Command, CommandTable
    from pybridge.context import RequestContext

VARIABLE = "PYBRIDGE_TESTKIT_FAULTS"
HOUSEKEEPING = frozenset(("ping", "stats", "cancel", "shutdown", "session.close"))
# The header reads as a length of about 4 GiB, over any maximum frame size: the JVM's reader stops at it.
GARBAGE = b"\xff\xfe not a frame: pybridge-testkit GarbageOnCommand\n"
# The forked child outlives its worker only until the JVM ends the worker's process group; this bounds it should
# nothing end it (a JVM killed meanwhile).
CHILD_LIFETIME_S = 300.0


class FaultError(Exception):
    """Faults that this module cannot honour; raised by register, so the worker fails to start and says why."""


def register(table: CommandTable) -> None:
    faults = _read_faults()
    if any(fault["fault"] == "die_during_startup" for fault in faults):
        _say("DieDuringStartup: exiting with status 1 during start-up")
        os._exit(1)
    plan = _Plan(faults)
    for name in table.names():
        command = table.get(name)
        assert command is not None
        # Replaced in place: the table refuses a second command of one name, and the worker reads `run` per request.
        command.run = plan.wrap(command)


def _read_faults() -> list[dict[str, object]]:
    text = os.environ.get(VARIABLE)
    if text is None:
        raise FaultError(f"{VARIABLE} is not set: apply faults with dev.pybridge.testkit.faults.PythonFaults.apply")
    faults = json.loads(text)
    if not isinstance(faults, list) or not all(isinstance(fault, dict) and "fault" in fault for fault in faults):
        raise FaultError(f"{VARIABLE} must hold a JSON list of objects with a \"fault\" key, not {text!r}")
    known = {"crash_on_command", "crash_after_calls", "crash_after_ready", "hang_on_command", "garbage_on_command",
             "die_during_startup", "flood_stderr", "slow_answers", "fork_child_and_die"}
    unknown = sorted({str(fault["fault"]) for fault in faults} - known)
    if unknown:
        raise FaultError(f"unknown faults {unknown} in {VARIABLE}; the faults are {sorted(known)}")
    return faults


class _Plan:
    """The faults of this worker and what they have counted."""

    def __init__(self, faults: list[dict[str, object]]) -> None:
        self._faults = faults
        self._lock = threading.Lock()
        self._calls = 0
        self._requests = 0
        needs_pipes = any(fault["fault"] in ("garbage_on_command", "fork_child_and_die") for fault in faults)
        self._requests_fd, self._replies_fd = _protocol_descriptors() if needs_pipes else (-1, -1)

    def wrap(self, command: Command) -> Callable[[RequestContext, dict[str, object]], object]:
        run = command.run
        housekeeping = command.name in HOUSEKEEPING

        def faulty(ctx: RequestContext, args: dict[str, object]) -> object:
            self._before(ctx.command, housekeeping)
            return run(ctx, args)

        return faulty

    def _before(self, command: str, housekeeping: bool) -> None:
        with self._lock:
            self._requests += 1
            first_request = self._requests == 1
            if not housekeeping:
                self._calls += 1
            calls = self._calls
        for fault in self._faults:
            self._meet(fault, command, housekeeping, calls, first_request)

    def _meet(self, fault: dict[str, object], command: str, housekeeping: bool, calls: int, first_request: bool) -> None:
        kind = fault["fault"]
        named = fault.get("command") == command
        if kind == "crash_after_ready" and first_request:
            _die("CrashAfterReady", f"the first request ({command}) after the ready frame")
        elif kind == "crash_on_command" and named:
            _die(f"CrashOnCommand({command})", f"the command {command}")
        elif kind == "fork_child_and_die" and named:
            self._fork_child_and_die(command)
        elif kind == "hang_on_command" and named:
            _hang(command)
        elif kind == "garbage_on_command" and named:
            _say(f"GarbageOnCommand({command}): writing bytes that are not a frame to the reply descriptor")
            _write_all(self._replies_fd, GARBAGE)
        elif housekeeping:
            return
        elif kind == "crash_after_calls" and calls == int(fault["calls"]) + 1:
            _die(f"CrashAfterCalls({fault['calls']})", f"call number {calls} ({command})")
        elif kind == "flood_stderr":
            lines = int(fault["lines"])
            _write_all(2, "".join(f"pybridge-testkit FloodStderr: line {index} of {lines}\n" for index in range(1, lines + 1)).encode())
        elif kind == "slow_answers":
            time.sleep(float(fault["seconds"]))

    def _fork_child_and_die(self, command: str) -> None:
        # Copies under other numbers: the worker closes its own protocol descriptors in every child it forks.
        held = [os.dup(self._requests_fd), os.dup(self._replies_fd)]
        child = os.fork()
        if child == 0:
            time.sleep(CHILD_LIFETIME_S)
            os._exit(0)
        for fd in held:
            os.close(fd)
        _say(f"ForkChildAndDie({command}): forked child {child}, which holds the worker's pipes")
        _die(f"ForkChildAndDie({command})", f"the command {command}")


def _die(fault: str, when: str) -> None:
    _say(f"{fault}: killing the worker (pid {os.getpid()}) with SIGKILL on {when}")
    os.kill(os.getpid(), signal.SIGKILL)


def _hang(command: str) -> None:
    _say(f"HangOnCommand({command}): blocking for good")
    # A lock acquired twice blocks in C: a cancel's exception, raised at the thread's next bytecode, never arrives.
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()


def _protocol_descriptors() -> tuple[int, int]:
    """The worker's private request and reply descriptors: the pipes other than stderr, read-only and write-only.

    The worker moves the JVM's pipes off fds 0 and 1 before extensions load (PROTOCOL.md, "Start-up"), so at this
    point they are the only other pipes the process holds."""
    stderr = os.fstat(2)
    readers: list[int] = []
    writers: list[int] = []
    for fd in sorted(int(entry) for entry in os.listdir("/dev/fd")):
        try:
            found = os.fstat(fd)
            mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
        except OSError:
            continue  # the descriptor that listed the folder, closed since
        if fd < 3 or not stat.S_ISFIFO(found.st_mode) or (found.st_dev, found.st_ino) == (stderr.st_dev, stderr.st_ino):
            continue
        if mode == os.O_RDONLY:
            readers.append(fd)
        elif mode == os.O_WRONLY:
            writers.append(fd)
    if len(readers) != 1 or len(writers) != 1:
        raise FaultError(
            f"cannot tell the worker's protocol pipes apart: read-only pipes {readers}, write-only pipes {writers}; "
            "GarbageOnCommand and ForkChildAndDie need a worker started by the local launcher"
        )
    return readers[0], writers[0]


def _say(message: str) -> None:
    # Straight to fd 2: a request that captures its output must not swallow what the fault says.
    _write_all(2, f"pybridge-testkit fault: {message}\n".encode())


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
