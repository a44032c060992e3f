"""The worker process: start-up, the frame stream, threads, cancel and exits."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import unittest

from .support import TIMEOUT_S, WorkerProcess, frame, worker_command

# Announces itself on stderr, then loops in Python bytecode, where a cancel can stop it.
_BUSY_CODE = "import sys\nsys.stderr.write('started-{name}\\n')\nn = 0\nwhile True:\n    n += 1\n"


class ReadyFrameTest(unittest.TestCase):
    def test_ready_frame_is_the_first_frame(self) -> None:
        worker = WorkerProcess.start(self, "--worker-id", "w-7", "--run-id", "run-1", "--threads", "3")
        self.assertEqual(worker.ready["id"], 0)
        self.assertIs(worker.ready["success"], True)
        result = worker.ready["result"]
        assert isinstance(result, dict)
        self.assertEqual(
            result,
            {
                "ready": True,
                "pid": worker.proc.pid,
                "python": "{}.{}.{}".format(*sys.version_info[:3]),
                "executable": sys.executable,
                "platform": f"{sys.platform} {os.uname().machine}",
                "protocol": 2,
                "worker_id": "w-7",
                "threads": 3,
                "commands": [
                    "call",
                    "cancel",
                    "configure_lm",
                    "create_program",
                    "delete_program",
                    "dspy_info",
                    "echo",
                    "eval",
                    "exec",
                    "execute_program",
                    "get_program",
                    "list_programs",
                    "load_program",
                    "ping",
                    "save_program",
                    "script.compile",
                    "script.complete",
                    "script.eval",
                    "script.invoke",
                    "script.missing",
                    "session.close",
                    "shutdown",
                    "stats",
                ],
            },
        )

    def test_default_worker_id(self) -> None:
        self.assertEqual(WorkerProcess.start(self).ready["result"]["worker_id"], "worker")


class ProcessTreeTest(unittest.TestCase):
    """What user code starts lives in the worker's process group, and never holds its reply stream."""

    def test_the_worker_leads_a_process_group_that_its_children_join(self) -> None:
        worker = WorkerProcess.start(self)
        self.assertEqual(os.getpgid(worker.proc.pid), worker.proc.pid)
        child = worker.result("exec", {"code": "import subprocess\nsubprocess.Popen(['sleep', '300']).pid"})
        self.addCleanup(_kill, child)
        self.assertEqual(os.getpgid(child), worker.proc.pid)

    def test_a_forked_child_does_not_keep_the_reply_stream_open_after_the_worker_dies(self) -> None:
        worker = WorkerProcess.start(self)
        fork = "import os, time\npid = os.fork()\nif pid == 0:\n    time.sleep(300)\n    os._exit(0)\npid"
        child = worker.result("exec", {"code": fork})
        self.addCleanup(_kill, child)
        worker.proc.send_signal(signal.SIGKILL)
        worker.wait_stdout_closed()
        os.kill(child, 0)  # the child still runs, and yet the stream has ended


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # not ours to reap: its parent, or init, does


class ExitTest(unittest.TestCase):
    def test_end_of_input_between_frames_exits_0(self) -> None:
        worker = WorkerProcess.start(self)
        worker.close_stdin()
        self.assertEqual(worker.wait_exit(), 0)

    def test_oversize_frame_exits_3_naming_the_length(self) -> None:
        worker = WorkerProcess.start(self, "--max-frame-bytes", "2048")
        self.assertIs(worker.result("ping")["pong"], True)
        worker.send_raw((2049).to_bytes(4, "big") + b"x" * 100)
        self.assertEqual(worker.wait_exit(), 3)
        self.assertIn("2049", worker.stderr_text())
        self.assertEqual(worker.stdout_leftover(), b"")

    def test_truncated_payload_exits_3_naming_the_length(self) -> None:
        worker = WorkerProcess.start(self)
        worker.send_raw((500).to_bytes(4, "big") + b'{"id": 1')
        worker.close_stdin()
        self.assertEqual(worker.wait_exit(), 3)
        self.assertIn("500", worker.stderr_text())

    def test_truncated_header_exits_3(self) -> None:
        worker = WorkerProcess.start(self)
        worker.send_raw(b"\0\0")
        worker.close_stdin()
        self.assertEqual(worker.wait_exit(), 3)
        self.assertIn("header", worker.stderr_text())

    def test_bad_command_line_exits_2_naming_the_option(self) -> None:
        for options in (["--bogus"], ["--threads", "zero"], ["--max-frame-bytes", "10"], ["--parent-pid"]):
            with self.subTest(options=options):
                worker = WorkerProcess(worker_command(*options))
                self.addCleanup(worker.close)
                self.assertEqual(worker.wait_exit(), 2)
                self.assertIn(options[0], worker.stderr_text())
                self.assertEqual(worker.stdout_leftover(), b"")

    def test_shutdown_answers_then_exits_0(self) -> None:
        worker = WorkerProcess.start(self)
        self.assertEqual(worker.result("shutdown"), {"shutting_down": True})
        self.assertEqual(worker.wait_exit(), 0)

    def test_shutdown_does_not_wait_for_running_requests(self) -> None:
        worker = WorkerProcess.start(self, "--threads", "2")
        busy = worker.request("exec", {"code": _BUSY_CODE.format(name="busy")})
        worker.wait_stderr("started-busy")
        self.assertEqual(worker.result("shutdown"), {"shutting_down": True})
        self.assertEqual(worker.wait_exit(), 0)
        self.assertEqual(worker.stdout_leftover(), b"", f"request {busy} must never be answered")

    def test_sigint_is_ignored(self) -> None:
        worker = WorkerProcess.start(self)
        worker.proc.send_signal(signal.SIGINT)
        self.assertIs(worker.result("ping")["pong"], True)

    def test_end_of_input_with_threads_answers_what_was_read(self) -> None:
        worker = WorkerProcess.start(self, "--threads", "2")
        worker.result("exec", {"code": "import threading\ngate = threading.Event()"})
        waiting = worker.request("exec", {"code": "gate.wait(30)\n'waited'"})
        opener = worker.request("exec", {"code": "gate.set()\n'opened'"})
        worker.close_stdin()
        replies, _ = worker.read_replies([waiting, opener])
        self.assertEqual(replies[waiting]["result"], "waited")
        self.assertEqual(replies[opener]["result"], "opened")
        self.assertEqual(worker.wait_exit(), 0)


@unittest.skipUnless(sys.platform.startswith("linux"), "uses prctl(PR_SET_CHILD_SUBREAPER)")
class ParentGoneTest(unittest.TestCase):
    def test_exits_4_when_its_parent_is_killed(self) -> None:
        # The worker's parent is an intermediate process; once that is killed,
        # the worker is re-parented to this test process (a subreaper for the
        # test's duration), which can then collect its exit code.
        self._become_subreaper()
        intermediate = WorkerProcess(
            [sys.executable, "-c", "import subprocess, sys\nsubprocess.Popen(sys.argv[1:]).wait()", *worker_command()]
        )
        self.addCleanup(intermediate.close)
        worker_pid = intermediate.read_frame()["result"]["pid"]
        self.addCleanup(self._kill_and_reap, worker_pid)
        intermediate.proc.send_signal(signal.SIGKILL)
        intermediate.proc.wait(TIMEOUT_S)
        intermediate.wait_streams_closed()
        self.assertEqual(self._wait_for_exit(worker_pid), 4)
        self.assertIn("parent process", intermediate.stderr_text())

    def test_exits_4_when_the_parent_pid_is_gone(self) -> None:
        stand_in = subprocess.Popen([sys.executable, "-c", "import signal\nsignal.pause()"])
        self.addCleanup(stand_in.wait)
        self.addCleanup(stand_in.kill)
        worker = WorkerProcess.start(self, "--parent-pid", str(stand_in.pid))
        self.assertIs(worker.result("ping")["pong"], True)
        stand_in.kill()
        stand_in.wait(TIMEOUT_S)
        self.assertEqual(worker.wait_exit(), 4)
        self.assertIn(f"parent process {stand_in.pid}", worker.stderr_text())

    def test_exits_4_while_a_request_runs(self) -> None:
        stand_in = subprocess.Popen([sys.executable, "-c", "import signal\nsignal.pause()"])
        self.addCleanup(stand_in.wait)
        self.addCleanup(stand_in.kill)
        worker = WorkerProcess.start(self, "--parent-pid", str(stand_in.pid))
        worker.request("exec", {"code": _BUSY_CODE.format(name="busy")})
        worker.wait_stderr("started-busy")
        stand_in.kill()
        stand_in.wait(TIMEOUT_S)
        self.assertEqual(worker.wait_exit(), 4)

    def _become_subreaper(self) -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_child_subreaper = 36
        if libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) != 0:
            self.skipTest(f"prctl failed: {os.strerror(ctypes.get_errno())}")
        self.addCleanup(libc.prctl, pr_set_child_subreaper, 0, 0, 0, 0)

    @staticmethod
    def _wait_for_exit(pid: int) -> int:
        """The exit code of a child that has already closed its pipes."""
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None  # before Linux 5.3: the closed pipes already showed that it is exiting
        if pidfd is not None:
            try:
                exited, _, _ = select.select([pidfd], [], [], TIMEOUT_S)
            finally:
                os.close(pidfd)
            if not exited:
                raise AssertionError(f"worker {pid} still runs {TIMEOUT_S} s after its parent was killed")
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    @staticmethod
    def _kill_and_reap(pid: int) -> None:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass  # already gone and reaped


class StreamProtectionTest(unittest.TestCase):
    def test_nothing_user_code_writes_reaches_the_frame_stream(self) -> None:
        worker = WorkerProcess.start(self)
        code = (
            "import os, subprocess, sys\n"
            "print('print-marker')\n"
            "sys.stdout.write('write-marker\\n')\n"
            "os.write(1, b'fd1-marker\\n')\n"
            "os.write(2, b'fd2-marker\\n')\n"
            "sys.__stdout__.write('dunder-marker\\n')\n"
            "sys.__stdout__.flush()\n"
            "subprocess.run([sys.executable, '-c', 'print(\"child-marker\")'], check=True)\n"
            "'done'"
        )
        self.assertEqual(worker.result("exec", {"code": code}), "done")
        for marker in ("print", "write", "fd1", "fd2", "dunder", "child"):
            worker.wait_stderr(f"{marker}-marker")
        self.assertIs(worker.result("ping")["pong"], True)
        self.assertEqual(worker.stdout_leftover(), b"")

    def test_output_written_while_capturing_from_c_level_goes_to_stderr(self) -> None:
        worker = WorkerProcess.start(self)
        result = worker.result("exec", {"code": "import os\nos.write(1, b'raw-marker\\n')\nprint('kept')", "capture": True})
        self.assertEqual(result, {"value": None, "stdout": "kept\n", "stderr": ""})
        worker.wait_stderr("raw-marker")

    def test_user_code_cannot_read_the_request_stream(self) -> None:
        worker = WorkerProcess.start(self)
        code = "import subprocess, sys\nchild = subprocess.run([sys.executable, '-c', 'import sys; print(len(sys.stdin.read()))'], capture_output=True)\n(sys.stdin.read(), child.stdout)"
        self.assertEqual(worker.result("exec", {"code": code}), ["", {"__pybridge__": "bytes", "value": "MAo="}])
        self.assertEqual(worker.error("eval", {"code": "input()"})["type"], "EOFError")
        self.assertIs(worker.result("ping")["pong"], True)

    def test_user_code_closing_stdout_does_not_break_printing(self) -> None:
        worker = WorkerProcess.start(self)
        worker.result("exec", {"code": "import sys\nsys.stdout.close()\nprint('still-printing')"})
        worker.wait_stderr("still-printing")


class ProtocolErrorTest(unittest.TestCase):
    def test_unusable_payloads_are_answered_with_id_null_and_the_stream_goes_on(self) -> None:
        worker = WorkerProcess.start(self)
        for payload in (b"{not json", b"[]", b"42", b'{"command": "ping"}', b'{"id": "7", "command": "ping"}', b"\xc3\x28"):
            with self.subTest(payload=payload):
                worker.send_payload(payload)
                reply = worker.read_frame()
                self.assertEqual(reply["id"], None)
                self.assertIs(reply["success"], False)
                self.assertEqual(reply["error"]["type"], "ProtocolError")
        self.assertIs(worker.result("ping")["pong"], True)

    def test_bad_envelope_fields_are_answered_with_the_id(self) -> None:
        worker = WorkerProcess.start(self)
        for message in ({"id": 5}, {"id": 6, "command": "ping", "session": 1}, {"id": 7, "command": "ping", "args": []}):
            with self.subTest(message=message):
                worker.send(message)
                reply = worker.read_frame()
                self.assertEqual(reply["id"], message["id"])
                self.assertEqual(reply["error"]["type"], "ProtocolError")

    def test_unknown_top_level_fields_are_ignored(self) -> None:
        worker = WorkerProcess.start(self)
        worker.send({"id": 3, "command": "echo", "args": {"value": 1}, "deadline_ms": 500})
        self.assertEqual(worker.read_frame(), {"id": 3, "success": True, "result": 1})

    def test_empty_payload(self) -> None:
        worker = WorkerProcess.start(self)
        worker.send_raw(frame(b""))
        self.assertEqual(worker.read_frame()["error"]["type"], "ProtocolError")


class ResultTooLargeTest(unittest.TestCase):
    def setUp(self) -> None:
        self.worker = WorkerProcess.start(self, "--max-frame-bytes", "2048")

    def test_too_large_result_becomes_an_error_and_the_worker_goes_on(self) -> None:
        request_id = self.worker.request("eval", {"code": "'x' * 5000"})
        raw = self.worker.read_raw_frame()
        self.assertLessEqual(len(raw), 2048)
        reply = json.loads(raw)
        self.assertEqual(reply["id"], request_id)
        self.assertEqual(reply["error"]["type"], "ResultTooLarge")
        too_large = len(f'{{"id":{request_id},"success":true,"result":""}}') + 5000
        self.assertIn(f"would be {too_large} bytes", reply["error"]["message"])
        self.assertIn("maximum frame size of 2048 bytes", reply["error"]["message"])
        self.assertIs(self.worker.result("ping")["pong"], True)

    def test_a_reply_of_exactly_the_maximum_is_sent(self) -> None:
        for size, fits in ((2048, True), (2049, False)):
            with self.subTest(size=size):
                request_id = self.worker.next_id()
                text_length = size - len(f'{{"id":{request_id},"success":true,"result":""}}')
                self.assertEqual(self.worker.request("eval", {"code": f"'y' * {text_length}"}), request_id)
                reply = self.worker.read_frame()
                self.assertIs(reply["success"], fits)

    def test_too_large_error_becomes_result_too_large(self) -> None:
        error = self.worker.error("eval", {"code": "(_ for _ in ()).throw(ValueError('v' * 5000))"})
        self.assertEqual(error["type"], "ResultTooLarge")

    def test_captured_output_is_cut_to_fit(self) -> None:
        request_id = self.worker.request("exec", {"code": "print('\\x01' * 3000)\nimport sys\nsys.stderr.write('e' * 3000)\n'z' * 3000", "capture": True})
        raw = self.worker.read_raw_frame()
        self.assertLessEqual(len(raw), 2048)
        reply = json.loads(raw)
        self.assertEqual(reply["id"], request_id)
        error = reply["error"]
        self.assertEqual(error["type"], "ResultTooLarge")
        self.assertIn("characters were dropped", error["stdout"])
        self.assertTrue(error["stdout"].endswith("\x01\n"))
        self.assertTrue(error["stderr"].endswith("eee"))

    def test_capture_of_a_runaway_print_loop_keeps_only_the_end(self) -> None:
        code = "for i in range(20000):\n    print(i)\n'end'"
        request_id = self.worker.request("exec", {"code": code, "capture": True})
        reply = json.loads(self.worker.read_raw_frame())
        self.assertEqual(reply["id"], request_id)
        self.assertEqual(reply["error"]["type"], "ResultTooLarge")
        self.assertTrue(reply["error"]["stdout"].endswith("19999\n"))


class ThreadsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.worker = WorkerProcess.start(self, "--threads", "4")
        self.worker.result("exec", {"code": "import threading\ngate = threading.Event()"}, session="s")

    def test_replies_come_by_id_in_any_order(self) -> None:
        blocked = self.worker.request("exec", {"code": "gate.wait(30)\n'released'"}, session="s")
        quick = [self.worker.request("echo", {"value": n}) for n in range(3)]
        replies, _ = self.worker.read_replies(quick)
        self.assertEqual([replies[request_id]["result"] for request_id in quick], [0, 1, 2])
        opener = self.worker.request("exec", {"code": "gate.set()"}, session="s")
        replies, _ = self.worker.read_replies([blocked, opener])
        self.assertEqual(replies[blocked]["result"], "released")

    def test_captures_of_concurrent_requests_stay_apart(self) -> None:
        first = self.worker.request("exec", {"code": "print('first-before')\ngate.wait(30)\nprint('first-after')", "capture": True}, session="s")
        second = self.worker.request("exec", {"code": "print('second')\ngate.set()", "capture": True}, session="s")
        replies, _ = self.worker.read_replies([first, second])
        self.assertEqual(replies[first]["result"]["stdout"], "first-before\nfirst-after\n")
        self.assertEqual(replies[second]["result"]["stdout"], "second\n")

    def test_stats_counts_requests_in_flight(self) -> None:
        blocked = self.worker.request("exec", {"code": "gate.wait(30)"}, session="s")
        self.worker.result("exec", {"code": "pass"})  # answered while `blocked` waits
        stats = self.worker.result("stats")
        self.assertEqual((stats["in_flight"], stats["threads"]), (1, 4))
        opener = self.worker.request("exec", {"code": "gate.set()"}, session="s")
        self.worker.read_replies([blocked, opener])

    def test_duplicate_id_in_flight_is_a_protocol_error(self) -> None:
        blocked = self.worker.request("exec", {"code": "gate.wait(30)\n'first'"}, session="s")
        self.worker.send({"id": blocked, "command": "ping"})
        duplicate = self.worker.read_frame()
        self.assertEqual((duplicate["id"], duplicate["error"]["type"]), (None, "ProtocolError"))
        self.assertIn(str(blocked), duplicate["error"]["message"])
        opener = self.worker.request("exec", {"code": "gate.set()"}, session="s")
        replies, _ = self.worker.read_replies([blocked, opener])
        self.assertEqual(replies[blocked]["result"], "first")


class CancelTest(unittest.TestCase):
    def test_cancel_a_queued_and_then_the_running_requests(self) -> None:
        worker = WorkerProcess.start(self, "--threads", "2")
        running = [worker.request("exec", {"code": _BUSY_CODE.format(name=name)}, session="s") for name in ("one", "two")]
        worker.wait_stderr("started-one")
        worker.wait_stderr("started-two")
        queued = worker.request("exec", {"code": "ran = True"}, session="s")
        cancel = worker.request("cancel", {"id": queued})
        replies, order = worker.read_replies([queued, cancel])
        self.assertEqual(order, [queued, cancel])
        self.assertEqual(replies[cancel]["result"], {"cancelled": True})
        error = replies[queued]["error"]
        self.assertEqual((error["type"], error["traceback"]), ("Cancelled", None))
        self.assertIn("before it started", error["message"])

        cancels = [worker.request("cancel", {"id": request_id}) for request_id in running]
        replies, _ = worker.read_replies(running + cancels)
        for request_id in cancels:
            self.assertEqual(replies[request_id]["result"], {"cancelled": True})
        for request_id in running:
            error = replies[request_id]["error"]
            self.assertEqual(error["type"], "Cancelled")
            self.assertIn("while it ran", error["message"])
            # Wherever it stopped (usually the loop; the stderr write if the cancel came that fast), it was in user code.
            self.assertEqual(error["location"]["file"], "<pybridge>")
            self.assertIn(error["location"]["line"], (2, 3, 4, 5))
            self.assertNotIn("pybridge/", error["traceback"])

        self.assertIs(worker.result("eval", {"code": "'ran' in globals()"}, session="s"), False)
        self.assertEqual(worker.result("cancel", {"id": queued}), {"cancelled": False})
        stats = worker.result("stats")
        self.assertEqual((stats["in_flight"], stats["errors"]), (0, 3))

    def test_cancelled_request_that_swallows_the_exception_is_still_answered_cancelled(self) -> None:
        worker = WorkerProcess.start(self, "--threads", "2")
        code = (
            "import sys\nsys.stderr.write('started-stubborn\\n')\n"
            "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\n'finished anyway'"
        )
        stubborn = worker.request("exec", {"code": code})
        worker.wait_stderr("started-stubborn")
        cancel = worker.request("cancel", {"id": stubborn})
        replies, _ = worker.read_replies([stubborn, cancel])
        self.assertEqual(replies[cancel]["result"], {"cancelled": True})
        self.assertEqual(replies[stubborn]["error"]["type"], "Cancelled")
        self.assertIs(worker.result("ping")["pong"], True)

    def test_threads_serve_again_after_a_cancel(self) -> None:
        worker = WorkerProcess.start(self, "--threads", "2")
        busy = worker.request("exec", {"code": _BUSY_CODE.format(name="busy")})
        worker.wait_stderr("started-busy")
        cancel = worker.request("cancel", {"id": busy})
        worker.read_replies([busy, cancel])
        results = [worker.result("eval", {"code": f"{n} * 2"}) for n in range(6)]
        self.assertEqual(results, [0, 2, 4, 6, 8, 10])


if __name__ == "__main__":
    unittest.main()
