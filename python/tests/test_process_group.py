"""What user code starts ends with the worker, however the worker ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import unittest

from .support import TIMEOUT_S, WorkerProcess

# Starts one process of each kind users start, kept referenced, and returns their pids: two
# multiprocessing.Pool workers (which never exit on their own), a daemon multiprocessing.Process,
# a subprocess, and a bare fork.
CHILDREN_CODE = """
import multiprocessing, os, subprocess, time
kept = globals().setdefault('_kept', [])
pool = multiprocessing.Pool(2)
daemon = multiprocessing.Process(target=time.sleep, args=(300,), daemon=True)
daemon.start()
sleeper = subprocess.Popen(['sleep', '300'])
forked = os.fork()
if forked == 0:
    time.sleep(300)
    os._exit(0)
kept.extend([pool, daemon, sleeper])
[process.pid for process in pool._pool] + [daemon.pid, sleeper.pid, forked]
"""


def alive(pid: int) -> bool:
    """Whether `pid` runs: a zombie waiting to be reaped does not."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            line = stat.read()
    except FileNotFoundError:
        return False
    return line[line.rfind(b")") + 2 : line.rfind(b")") + 3] != b"Z"


def await_gone(test: unittest.TestCase, pids: list[int]) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            test.fail(f"still running {TIMEOUT_S} s after the worker ended: {[pid for pid in pids if alive(pid)]}")
        time.sleep(0.05)


@unittest.skipUnless(sys.platform.startswith("linux"), "reads /proc")
class ProcessGroupTest(unittest.TestCase):
    def start_children(self, worker: WorkerProcess) -> list[int]:
        pids = worker.result("exec", {"code": CHILDREN_CODE})
        assert isinstance(pids, list)
        self.addCleanup(self.kill_quietly, pids)
        self.assertEqual(len(pids), 5)
        self.assertTrue(all(alive(pid) for pid in pids), pids)
        return pids

    def test_children_end_when_the_request_stream_ends(self) -> None:
        worker = WorkerProcess.start(self)
        pids = self.start_children(worker)
        worker.close_stdin()
        self.assertEqual(worker.wait_exit(), 0)
        await_gone(self, pids)

    def test_children_end_after_shutdown(self) -> None:
        worker = WorkerProcess.start(self)
        pids = self.start_children(worker)
        self.assertEqual(worker.result("shutdown"), {"shutting_down": True})
        self.assertEqual(worker.wait_exit(), 0)
        await_gone(self, pids)

    def test_children_end_when_the_parent_is_gone(self) -> None:
        stand_in = subprocess.Popen([sys.executable, "-c", "import signal\nsignal.pause()"])
        self.addCleanup(stand_in.wait)
        self.addCleanup(stand_in.kill)
        worker = WorkerProcess.start(self, "--parent-pid", str(stand_in.pid))
        pids = self.start_children(worker)
        stand_in.kill()
        stand_in.wait(TIMEOUT_S)
        self.assertEqual(worker.wait_exit(), 4)
        await_gone(self, pids)

    def test_a_process_started_in_a_session_of_its_own_is_left_alone(self) -> None:
        worker = WorkerProcess.start(self)
        kept = worker.result("exec", {"code": "import subprocess\n"
            "subprocess.Popen(['sleep', '300'], start_new_session=True,"
            " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid"})
        assert isinstance(kept, int)
        self.addCleanup(self.kill_quietly, [kept])
        worker.close_stdin()
        self.assertEqual(worker.wait_exit(), 0)
        self.assertTrue(alive(kept), "a process that left the group on purpose is the user's to end")

    @staticmethod
    def kill_quietly(pids: list[int]) -> None:
        for pid in pids:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
