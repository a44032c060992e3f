"""The fork server as the JVM drives it: a real server process, real forks, a real Unix socket."""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import types
import unittest

from pybridge import preload
from tests.support import PYTHON_DIR, TIMEOUT_S, encode, frame, worker_env

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))


class Server:
    """A fork server with its stdin and stdout as the test's pipes, and the socket its children connect to."""

    def __init__(self, test: unittest.TestCase, *modules: str) -> None:
        folder = tempfile.mkdtemp()
        test.addCleanup(os.rmdir, folder)
        self.path = os.path.join(folder, "workers.sock")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.path)
        self.listener.listen()
        test.addCleanup(os.unlink, self.path)
        test.addCleanup(self.listener.close)
        argv = [sys.executable, os.path.join(PYTHON_DIR, "start_pybridge.py"), "--fork-server", "--socket", self.path]
        for module in modules:
            argv += ["--preload", module]
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=worker_env(os.path.dirname(TESTS_DIR)))
        test.addCleanup(self.close)
        self.refs = 0
        # Kept open until the test ends: a worker whose connection closes exits, and its exit event would come between others.
        self.connections: list[socket.socket] = []

    def event(self) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT_S)
        if not ready:
            raise AssertionError("the fork server sent no event in time")
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the fork server ended ({self.proc.wait(TIMEOUT_S)}): {self.proc.stderr.read().decode()}")
        return json.loads(line)

    def send(self, request: dict) -> None:
        self.proc.stdin.write((json.dumps(request) + "\n").encode())
        self.proc.stdin.flush()

    def fork(self, worker: str = "w1") -> tuple[int, socket.socket, socket.socket]:
        """Forks a worker and returns its pid, frames connection (after the ready frame) and stderr connection."""
        self.refs += 1
        secret = os.urandom(32).hex()
        self.send({"op": "fork", "ref": self.refs, "worker": worker, "secret": secret, "args": ["--worker-id", worker]})
        forked = self.event()
        self.assert_event(forked, "forked")
        connections = {}
        for _ in range(2):
            self.listener.settimeout(TIMEOUT_S)
            connection, _ = self.listener.accept()
            connection.settimeout(TIMEOUT_S)
            self.connections.append(connection)
            hello = _read_exactly(connection, 65)
            if hello[:64] != secret.encode():
                raise AssertionError(f"the child sent {hello!r}, not its secret")
            connections[hello[64:]] = connection
        frames = connections[b"F"]
        ready = _read_frame(frames)
        if ready["result"]["pid"] != forked["pid"]:
            raise AssertionError(f"ready frame {ready} is not from the forked pid {forked['pid']}")
        return forked["pid"], frames, connections[b"E"]

    @staticmethod
    def assert_event(event: dict, kind: str) -> None:
        if event.get("event") != kind:
            raise AssertionError(f"expected a {kind} event, got {event}")

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(TIMEOUT_S)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


def _read_exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise AssertionError(f"connection ended after {data!r}")
        data += chunk
    return data


def _read_frame(connection: socket.socket) -> dict:
    size = int.from_bytes(_read_exactly(connection, 4), "big")
    return json.loads(_read_exactly(connection, size))


def _eval(connection: socket.socket, code: str, request_id: int = 1, command: str = "eval") -> object:
    connection.sendall(frame(encode({"id": request_id, "command": command, "args": {"code": code}})))
    reply = _read_frame(connection)
    if not reply["success"]:
        raise AssertionError(f"{code}: {reply['error']}")
    return reply["result"]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            line = stat.read()
    except OSError:
        return False
    return line[line.rfind(b")") + 2 : line.rfind(b")") + 3] != b"Z"


@unittest.skipUnless(hasattr(os, "fork") and sys.platform.startswith("linux"), "the fork server forks, and these tests read /proc")
class ForkServerTest(unittest.TestCase):
    def test_children_share_the_one_import_of_the_preload(self) -> None:
        server = Server(self, "tests.fork_probe")
        ready = server.event()
        server.assert_event(ready, "ready")
        probes = []
        for worker in ("w1", "w2"):
            pid, frames, _ = server.fork(worker)
            probes.append(_eval(frames, "(__import__('os').getpid(), __import__('tests.fork_probe').fork_probe.PID, "
                                        "__import__('tests.fork_probe').fork_probe.AT, __import__('os').getppid())"))
            self.assertEqual(pid, probes[-1][0])
        self.assertEqual({ready["pid"]}, {probe[1] for probe in probes}, "imported by the server")
        self.assertEqual(1, len({probe[2] for probe in probes}), "imported once")
        self.assertEqual({ready["pid"]}, {probe[3] for probe in probes}, "children of the server")

    def test_children_draw_different_random_numbers(self) -> None:
        server = Server(self, "random")
        server.assert_event(server.event(), "ready")
        draws = [_eval(server.fork(worker)[1], "__import__('random').random()") for worker in ("w1", "w2")]
        self.assertNotEqual(draws[0], draws[1])

    def test_reseed_gives_numpy_a_stream_of_its_own(self) -> None:
        try:
            import numpy  # noqa: F401
        except ImportError:
            self.skipTest("numpy is not installed: its global generator cannot be checked")
        server = Server(self, "numpy.random")
        server.assert_event(server.event(), "ready")
        draws = [_eval(server.fork(worker)[1], "__import__('numpy').random.random()") for worker in ("w1", "w2")]
        self.assertNotEqual(draws[0], draws[1])

    def test_a_preload_that_starts_a_thread_is_refused_naming_it(self) -> None:
        server = Server(self, "tests.fork_threads")
        refused = server.event()
        server.assert_event(refused, "refused")
        self.assertEqual(["probe-waiter"], refused["threads"])
        self.assertIn("tests.fork_threads", refused["message"])
        self.assertEqual(7, server.proc.wait(TIMEOUT_S))

    def test_a_failed_fork_fails_that_start_only(self) -> None:
        server = Server(self, "tests.fork_fails_once")
        server.assert_event(server.event(), "ready")
        server.send({"op": "fork", "ref": 1, "worker": "w1", "secret": "s" * 64, "args": ["--worker-id", "w1"]})
        failed = server.event()
        server.assert_event(failed, "fork-failed")
        self.assertEqual(1, failed["ref"])
        self.assertIn("Cannot allocate memory", failed["message"])
        server.refs = 1
        pid, frames, _ = server.fork("w2")
        self.assertEqual(pid, _eval(frames, "__import__('os').getpid()"))

    def test_a_bad_request_is_reported_without_its_text(self) -> None:
        server = Server(self, "json")
        server.assert_event(server.event(), "ready")
        secret = "f" * 64
        server.proc.stdin.write(('{"op": "fork", "ref": 1, "secret": "' + secret + '", "args": [\n').encode())  # cut short
        server.proc.stdin.flush()
        server.send({"op": "fork", "ref": 2, "secret": secret})  # no worker: refused before it forks
        server.refs = 2
        pid, frames, _ = server.fork("w3")
        self.assertEqual(2, _eval(frames, "1 + 1"))
        server.proc.stdin.close()
        server.proc.wait(TIMEOUT_S)
        stderr = server.proc.stderr.read().decode()
        self.assertEqual(2, stderr.count("pybridge fork server: bad request of"), stderr)
        self.assertNotIn(secret, stderr)

    def test_a_preload_that_fails_to_import_is_reported(self) -> None:
        server = Server(self, "tests.no_such_module_here")
        failed = server.event()
        server.assert_event(failed, "failed")
        self.assertIn("tests.no_such_module_here", failed["message"])
        self.assertEqual(5, server.proc.wait(TIMEOUT_S))

    def test_a_child_holds_nothing_of_the_servers_pipes(self) -> None:
        server = Server(self)
        server.assert_event(server.event(), "ready")
        _, frames, _ = server.fork()
        links = _eval(frames, "import os\nfds = os.listdir('/proc/self/fd')\n"
                              "[os.readlink(f'/proc/self/fd/{fd}') for fd in fds if os.path.lexists(f'/proc/self/fd/{fd}')]", command="exec")
        for pipe in (server.proc.stdin, server.proc.stdout):
            self.assertNotIn(f"pipe:[{os.fstat(pipe.fileno()).st_ino}]", links)

    def test_a_child_reported_exited_with_its_signal(self) -> None:
        server = Server(self)
        server.assert_event(server.event(), "ready")
        pid, _, _ = server.fork()
        os.kill(pid, signal.SIGKILL)
        exited = server.event()
        self.assertEqual({"event": "exited", "pid": pid, "status": 128 + signal.SIGKILL}, exited)

    def test_a_kill_request_ends_the_childs_process_group(self) -> None:
        server = Server(self)
        server.assert_event(server.event(), "ready")
        pid, frames, _ = server.fork()
        sleeper = _eval(frames, "__import__('subprocess').Popen(['sleep', '300']).pid")
        server.send({"op": "kill", "pid": pid})
        self.assertEqual({"event": "exited", "pid": pid, "status": 128 + signal.SIGKILL}, server.event())
        _await(lambda: not _running(sleeper), "the worker's subprocess ended with its group")

    def test_closing_stdin_ends_the_server_and_every_child(self) -> None:
        server = Server(self)
        server.assert_event(server.event(), "ready")
        children = [server.fork(worker)[0] for worker in ("w1", "w2")]
        server.proc.stdin.close()
        reported = {server.event()["pid"], server.event()["pid"]}
        self.assertEqual(set(children), reported)
        self.assertEqual(0, server.proc.wait(TIMEOUT_S))
        self.assertFalse(any(_running(pid) for pid in children))

    def test_children_exit_when_the_server_is_killed(self) -> None:
        server = Server(self)
        server.assert_event(server.event(), "ready")
        forks = [server.fork(worker) for worker in ("w1", "w2")]
        server.proc.kill()
        server.proc.wait(TIMEOUT_S)
        for pid, frames, _ in forks:
            frames.settimeout(TIMEOUT_S)
            self.assertEqual(b"", frames.recv(1), "the frames connection ends when the worker exits")
            _await(lambda: not _running(pid), f"forked worker {pid} exited after its server")


class ForkSafetyTest(unittest.TestCase):
    def test_cuda_initialised_by_a_preload_is_refused(self) -> None:
        standin = types.ModuleType("torch")
        standin.cuda = types.SimpleNamespace(is_initialized=lambda: True)
        sys.modules["torch"] = standin
        self.addCleanup(sys.modules.pop, "torch")
        with self.assertRaises(preload.UnsafeToFork) as refused:
            preload.check_fork_safe(["gpu_model"])
        self.assertIn("must not touch the GPU", str(refused.exception))

    def test_torch_without_cuda_initialised_is_fine(self) -> None:
        standin = types.ModuleType("torch")
        standin.cuda = types.SimpleNamespace(is_initialized=lambda: False)
        sys.modules["torch"] = standin
        self.addCleanup(sys.modules.pop, "torch")
        preload.check_fork_safe(["gpu_model"])


def _await(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        select.select([], [], [], 0.01)


if __name__ == "__main__":
    unittest.main()
