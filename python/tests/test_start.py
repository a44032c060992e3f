"""start_pybridge.py: how the JVM starts a worker."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest

from .support import PYTHON_DIR, TIMEOUT_S, WorkerProcess

START = os.path.join(PYTHON_DIR, "start_pybridge.py")


class StartTest(unittest.TestCase):
    def test_an_interpreter_older_than_3_9_says_so_and_exits_6(self) -> None:
        pretend_3_8 = (
            "import runpy, sys\n"
            "sys.version_info = (3, 8, 10, 'final', 0)\n"
            "sys.argv = sys.argv[1:]\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n"
        )
        done = subprocess.run([sys.executable, "-c", pretend_3_8, START], capture_output=True, timeout=TIMEOUT_S)
        self.assertEqual(done.returncode, 6)
        self.assertEqual(done.stdout, b"")
        self.assertEqual(done.stderr.decode(), "pybridge: Python 3.8.10 is too old: PyBridge needs Python 3.9 or newer\n")

    def test_files_in_the_working_directory_cannot_replace_the_worker_but_user_code_imports_them(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "pybridge.py"), "w") as shadow:
                shadow.write("print('a file named like the worker')\nraise SystemExit(0)\n")
            with open(os.path.join(folder, "helper.py"), "w") as helper:
                helper.write("ANSWER = 42\n")
            worker = WorkerProcess([sys.executable, START], cwd=folder)
            self.addCleanup(worker.close)
            ready = worker.read_frame()
            self.assertIs(ready["result"]["ready"], True)
            self.assertEqual(worker.result("exec", {"code": "import helper, os\n(helper.ANSWER, os.getcwd())"}),
                             [42, os.path.realpath(folder)])
