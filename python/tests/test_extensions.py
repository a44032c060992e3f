"""The command table and extension modules: commands added from outside the worker."""

from __future__ import annotations

import unittest

from pybridge.commands import Command, CommandTable

from .support import WorkerProcess, worker_command

EXIT_EXTENSION = 5


class CommandTableTest(unittest.TestCase):
    def test_a_name_is_taken_once(self) -> None:
        table = CommandTable()
        table.add(Command("a.b", lambda ctx, args: None))
        with self.assertRaises(ValueError) as caught:
            table.add(Command("a.b", lambda ctx, args: 1))
        self.assertIn("'a.b'", str(caught.exception))
        self.assertEqual(table.names(), ["a.b"])


class ExtensionModuleTest(unittest.TestCase):
    def test_an_extensions_command_is_served_with_its_own_session_state(self) -> None:
        worker = WorkerProcess.start(self, "--extension", "tests.sample_extension")
        self.assertIn("sample.greet", worker.ready["result"]["commands"])
        self.assertIn("echo", worker.ready["result"]["commands"])
        self.assertEqual(
            worker.result("sample.greet", {"name": "Ada"}, session="s1"),
            {"greeting": "hello Ada", "session": "s1", "greeted": ["Ada"]},
        )
        self.assertEqual(worker.result("sample.greet", {"name": "Bo"}, session="s1")["greeted"], ["Ada", "Bo"])
        self.assertEqual(worker.result("sample.greet", {"name": "Cy"}, session="s2")["greeted"], ["Cy"])
        self.assertEqual(worker.error("sample.greet", {"name": 3})["type"], "InvalidArguments")
        # What it printed while imported went to stderr, not into the frame stream.
        worker.wait_stderr("sample extension imported")

    def test_a_failing_import_is_a_startup_error_naming_the_module_with_its_traceback(self) -> None:
        worker = self._failed_start("tests.broken_import")
        text = worker.stderr_text()
        self.assertIn("extension module 'tests.broken_import' failed to import", text)
        self.assertIn("Traceback (most recent call last)", text)
        self.assertIn("no_such_dependency_of_broken_import", text)

    def test_a_module_without_register_says_what_to_define(self) -> None:
        worker = self._failed_start("tests.extension_without_register")
        self.assertIn("has no register(table) function", worker.stderr_text())

    def test_an_extension_cannot_replace_a_builtin_command(self) -> None:
        worker = self._failed_start("tests.extension_taking_echo")
        self.assertIn("there is a command named 'echo' already", worker.stderr_text())

    def _failed_start(self, module: str) -> WorkerProcess:
        worker = WorkerProcess(worker_command("--extension", module))
        self.addCleanup(worker.close)
        self.assertEqual(worker.wait_exit(), EXIT_EXTENSION, worker.stderr_text())
        self.assertEqual(worker.stdout_leftover(), b"", "no frame before a failed start")
        return worker


if __name__ == "__main__":
    unittest.main()
