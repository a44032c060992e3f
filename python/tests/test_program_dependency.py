"""DSPy is imported by the first program command, never at start-up, and its absence is a clear error."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest

from pybridge.programs import COMMANDS

from .dspy_support import program_env, program_paths, start_program_worker
from .support import WorkerProcess, worker_env

# Starts the worker as `python -m pybridge` would, with an import hook that finds no `dspy`, wherever it is.
_WITHOUT_DSPY = """
import sys

class NoDspy:
    def find_spec(self, name, path=None, target=None):
        if name == "dspy" or name.startswith("dspy."):
            raise ModuleNotFoundError("No module named 'dspy'", name="dspy")
        return None

sys.meta_path.insert(0, NoDspy())
from pybridge.__main__ import start
start(sys.argv[1:])
"""


class LazyImportTest(unittest.TestCase):
    def test_a_worker_starts_without_importing_dspy_and_imports_it_for_a_program_command(self) -> None:
        worker = start_program_worker(self)
        self.assertIn("execute_program", worker.ready["result"]["commands"])
        imported = {"code": "import sys\n'dspy' in sys.modules, 'pybridge.programs.handlers' in sys.modules"}
        self.assertEqual(worker.result("exec", imported), [False, False])
        self.assertIs(worker.result("dspy_info")["available"], True)
        self.assertEqual(worker.result("exec", imported), [True, True])


class DependencyMissingTest(unittest.TestCase):
    def test_without_dspy_every_program_command_says_how_to_install_it(self) -> None:
        worker = WorkerProcess.start_argv(self, [sys.executable, "-c", _WITHOUT_DSPY, "--threads", "2"], program_env())
        for command in COMMANDS:
            if command == "dspy_info":
                continue
            with self.subTest(command=command):
                error = worker.error(command, {}, "s1")
                self.assertEqual(error["type"], "DependencyMissing")
                self.assertEqual(
                    error["message"],
                    f"DSPy is not importable by {sys.executable}: ModuleNotFoundError: No module named 'dspy'. "
                    f"Install it with `{sys.executable} -m pip install dspy` (DSPy 2.6 or newer)",
                )
        self.assertEqual(
            worker.result("dspy_info"), {"available": False, "version": None, "problem": "ModuleNotFoundError: No module named 'dspy'"}
        )
        self.assertIs(worker.result("ping")["pong"], True, "the worker serves on")

    def test_a_dspy_that_fails_to_import_is_reported_in_one_line(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            os.mkdir(os.path.join(folder, "dspy"))
            with open(os.path.join(folder, "dspy", "__init__.py"), "w") as init:
                init.write("raise RuntimeError('half installed:\\n  litellm is missing')\n")
            worker = WorkerProcess.start(self, env=worker_env(folder, *program_paths()))
            error = worker.error("create_program", {})
            self.assertEqual(error["type"], "DependencyMissing")
            self.assertIn("RuntimeError: half installed: litellm is missing.", error["message"])
            self.assertEqual(worker.result("dspy_info")["problem"], "RuntimeError: half installed: litellm is missing")


if __name__ == "__main__":
    unittest.main()
