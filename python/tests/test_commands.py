"""The built-in commands, through a real worker process."""

from __future__ import annotations

import os
import unittest

from .support import WorkerProcess

TAG = "__pybridge__"


class CommandTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.worker = WorkerProcess.start(self)


class PingEchoTest(CommandTestCase):
    def test_ping(self) -> None:
        result = self.worker.result("ping")
        assert isinstance(result, dict)
        self.assertEqual(set(result), {"pong", "pid", "uptime_s"})
        self.assertIs(result["pong"], True)
        self.assertEqual(result["pid"], self.worker.proc.pid)
        self.assertIsInstance(result["uptime_s"], float)
        self.assertGreaterEqual(result["uptime_s"], 0.0)

    def test_echo_round_trips_every_kind_of_value(self) -> None:
        values = [
            None,
            True,
            0,
            -(2**63),
            2**63 - 1,
            1.5,
            "text é 😀 \u2028 \x00",
            [],
            {},
            {TAG: "int", "value": "123456789012345678901234567890"},
            {TAG: "int", "value": "-9223372036854775809"},
            {TAG: "float", "value": "nan"},
            {TAG: "float", "value": "inf"},
            {TAG: "float", "value": "-inf"},
            {TAG: "bytes", "value": "AAEC/w=="},
            {TAG: "bytes", "value": ""},
            {TAG: "dict", "value": [[TAG, "tag key"], ["other", {TAG: "bytes", "value": "eA=="}]]},
            {"nested": [{"a": [{TAG: "int", "value": "99999999999999999999"}]}, [[{TAG: "float", "value": "nan"}]]]},
        ]
        for value in values:
            with self.subTest(value=value):
                self.assertEqual(self.worker.result("echo", {"value": value}), value)

    def test_in_range_ints_sent_tagged_come_back_plain(self) -> None:
        self.assertEqual(self.worker.result("echo", {"value": {TAG: "int", "value": "42"}}), 42)

    def test_echo_needs_its_value(self) -> None:
        error = self.worker.error("echo", {})
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertIn("'value'", error["message"])

    def test_malformed_tag_is_invalid_arguments(self) -> None:
        error = self.worker.error("echo", {"value": [{TAG: "bytes", "value": "not base64!"}]})
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertIn("args.value[0]", error["message"])


class ArgumentCheckingTest(CommandTestCase):
    def test_missing_unknown_and_mistyped_arguments(self) -> None:
        cases = [
            ("eval", {}, ["'code'", "missing", "a string"]),
            ("eval", {"code": "1", "verbose": True}, ["'verbose'", "unknown", "'code'"]),
            ("eval", {"code": 1}, ["'code'", "a string", "an integer (1)"]),
            ("exec", {"code": "1", "capture": "yes"}, ["'capture'", "a boolean", "a string ('yes')"]),
            ("exec", {"code": "1", "filename": None}, ["'filename'", "a string", "null"]),
            ("call", {"target": "len", "args": {}}, ["'args'", "an array", "an object"]),
            ("call", {"target": "len", "kwargs": []}, ["'kwargs'", "an object", "an array"]),
            ("call", {}, ["'target'", "missing"]),
            ("cancel", {"id": True}, ["'id'", "an integer", "a boolean"]),
            ("cancel", {"id": 1.0}, ["'id'", "an integer", "a number"]),
            ("ping", {"x": 1}, ["'x'", "no arguments"]),
            ("stats", {"x": 1}, ["'x'"]),
            ("session.close", {"x": 1}, ["'x'"]),
            ("shutdown", {"now": True}, ["'now'"]),
        ]
        for command, args, fragments in cases:
            with self.subTest(command=command, args=args):
                error = self.worker.error(command, args)
                self.assertEqual(error["type"], "InvalidArguments")
                self.assertIsNone(error["traceback"])
                for fragment in fragments:
                    self.assertIn(fragment, error["message"])

    def test_unknown_command_lists_the_known_ones(self) -> None:
        error = self.worker.error("launch")
        self.assertEqual(error["type"], "UnknownCommand")
        self.assertIn("'launch'", error["message"])
        self.assertIn(
            "call, cancel, configure_lm, create_program, delete_program, dspy_info, echo, eval, exec, execute_program, get_program, "
            "list_programs, load_program, ping, save_program, script.compile, script.complete, script.eval, script.invoke, "
            "script.missing, session.close, shutdown, stats",
            error["message"],
        )


class EvalExecTest(CommandTestCase):
    def test_eval_returns_the_value(self) -> None:
        self.assertEqual(self.worker.result("eval", {"code": "[1 + 1, 'x' * 3, None]"}), [2, "xxx", None])

    def test_exec_returns_the_final_expression_or_null(self) -> None:
        self.assertEqual(self.worker.result("exec", {"code": "x = 20\ny = 22\nx + y"}), 42)
        self.assertIsNone(self.worker.result("exec", {"code": "z = 1"}))
        self.assertIsNone(self.worker.result("exec", {"code": ""}))
        self.assertIsNone(self.worker.result("exec", {"code": "for i in range(3):\n    i"}))
        self.assertEqual(self.worker.result("exec", {"code": "import math\nmath.floor(2.5)"}), 2)

    def test_exec_compiles_everything_before_running_anything(self) -> None:
        error = self.worker.error("exec", {"code": "ran = True\nyield 1"})
        self.assertEqual(error["type"], "SyntaxError")
        self.assertFalse(self.worker.result("eval", {"code": "'ran' in globals()"}))

    def test_namespace_is_a_main_module_and_ignores_the_workers_future_imports(self) -> None:
        self.assertEqual(self.worker.result("eval", {"code": "__name__"}), "__main__")
        code = "def f(x: int) -> int:\n    return x\nf.__annotations__['x'] is int"
        self.assertIs(self.worker.result("exec", {"code": code}), True)

    def test_results_with_tags(self) -> None:
        result = self.worker.result("eval", {"code": "(2**70, float('nan'), b'\\x00', bytearray(b'a'), {'__pybridge__': (1,)})"})
        self.assertEqual(
            result,
            [
                {TAG: "int", "value": str(2**70)},
                {TAG: "float", "value": "nan"},
                {TAG: "bytes", "value": "AA=="},
                {TAG: "bytes", "value": "YQ=="},
                {TAG: "dict", "value": [[TAG, [1]]]},
            ],
        )

    def test_user_exception(self) -> None:
        code = "def fail():\n    raise ValueError('bad value')\n\nfail()\n"
        error = self.worker.error("exec", {"code": code, "filename": "script.py"})
        self.assertEqual(error["type"], "ValueError")
        self.assertEqual(error["message"], "bad value")
        self.assertEqual(error["location"], {"file": "script.py", "line": 2, "column": None})
        trace = error["traceback"]
        self.assertTrue(trace.startswith('Traceback (most recent call last):\n  File "script.py", line 4, in <module>\n'))
        self.assertIn('File "script.py", line 2, in fail', trace)
        self.assertNotIn("pybridge", trace)

    def test_exception_types_outside_builtins_carry_their_module(self) -> None:
        error = self.worker.error("exec", {"code": "import json\njson.loads('{')"})
        self.assertEqual(error["type"], "json.decoder.JSONDecodeError")
        error = self.worker.error("exec", {"code": "class Custom(Exception):\n    pass\nraise Custom('c')"})
        self.assertEqual(error["type"], "__main__.Custom")

    def test_syntax_errors_give_file_line_and_column(self) -> None:
        error = self.worker.error("exec", {"code": "x = 1\ny = (2 +\n", "filename": "broken.py"})
        self.assertEqual(error["type"], "SyntaxError")
        location = error["location"]
        self.assertEqual(location["file"], "broken.py")
        self.assertIsInstance(location["line"], int)
        self.assertIsInstance(location["column"], int)
        self.assertNotIn("pybridge", error["traceback"])
        error = self.worker.error("eval", {"code": "1 +* 2"})
        self.assertEqual(error["type"], "SyntaxError")
        self.assertEqual(error["location"], {"file": "<pybridge>", "line": 1, "column": error["location"]["column"]})
        self.assertIsInstance(error["location"]["column"], int)

    def test_system_exit_in_user_code_does_not_end_the_worker(self) -> None:
        error = self.worker.error("exec", {"code": "import sys\nsys.exit(3)"})
        self.assertEqual(error["type"], "SystemExit")
        self.assertEqual(error["message"], "3")
        self.assertIs(self.worker.result("ping")["pong"], True)

    def test_unsupported_value_names_type_and_path(self) -> None:
        error = self.worker.error("eval", {"code": "{'items': [1, 2, {3}]}"})
        self.assertEqual(error["type"], "UnsupportedValue")
        self.assertIn("set", error["message"])
        self.assertIn("$.items[2]", error["message"])
        error = self.worker.error("eval", {"code": "{'when': __import__('datetime').date(2024, 1, 1)}"})
        self.assertIn("datetime.date", error["message"])
        self.assertIn("$.when", error["message"])
        error = self.worker.error("eval", {"code": "[{1: 'one'}]"})
        self.assertIn("dict key of type int", error["message"])
        self.assertIn("$[0]", error["message"])

    def test_unpaired_surrogates_in_a_result_arrive_unchanged(self) -> None:
        result = self.worker.result("eval", {"code": "{'name': b'\\xff'.decode('utf-8', 'surrogateescape')}"})
        self.assertEqual(result, {"name": "\udcff"})

    def test_unpaired_surrogate_in_an_error_message_is_escaped(self) -> None:
        error = self.worker.error("eval", {"code": "(_ for _ in ()).throw(ValueError('x\\udcff'))"})
        self.assertEqual(error["message"], "x\\udcff")


class CaptureTest(CommandTestCase):
    def test_eval_exec_and_call_capture_their_output(self) -> None:
        result = self.worker.result("exec", {"code": "import sys\nprint('out')\nsys.stderr.write('err')\n7", "capture": True})
        self.assertEqual(result, {"value": 7, "stdout": "out\n", "stderr": "err"})
        result = self.worker.result("eval", {"code": "print('e') or 1", "capture": True})
        self.assertEqual(result, {"value": 1, "stdout": "e\n", "stderr": ""})
        result = self.worker.result("call", {"target": "print", "args": ["c", 1], "kwargs": {"sep": "-"}, "capture": True})
        self.assertEqual(result, {"value": None, "stdout": "c-1\n", "stderr": ""})

    def test_captured_output_does_not_reach_stderr(self) -> None:
        self.worker.result("exec", {"code": "print('captured-marker')", "capture": True})
        self.worker.result("exec", {"code": "print('uncaptured-marker')"})
        self.worker.wait_stderr("uncaptured-marker")
        self.assertNotIn("captured-marker\n", self.worker.stderr_text().replace("uncaptured-marker", ""))

    def test_error_carries_what_was_printed_before_it(self) -> None:
        error = self.worker.error("exec", {"code": "print('before')\nimport sys\nsys.stderr.write('oops')\n1/0", "capture": True})
        self.assertEqual(error["type"], "ZeroDivisionError")
        self.assertEqual((error["stdout"], error["stderr"]), ("before\n", "oops"))

    def test_errors_before_user_code_still_carry_capture(self) -> None:
        error = self.worker.error("call", {"target": "missing_name", "capture": True})
        self.assertEqual(error["type"], "TargetNotFound")
        self.assertEqual((error["stdout"], error["stderr"]), ("", ""))
        error = self.worker.error("eval", {"code": 5, "capture": True})
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertEqual((error["stdout"], error["stderr"]), ("", ""))
        error = self.worker.error("eval", {"code": "{1}", "capture": True})
        self.assertEqual(error["type"], "UnsupportedValue")
        self.assertEqual((error["stdout"], error["stderr"]), ("", ""))

    def test_capture_off_leaves_no_capture_fields(self) -> None:
        error = self.worker.error("eval", {"code": "1/0"})
        self.assertNotIn("stdout", error)
        self.assertEqual(self.worker.result("eval", {"code": "1", "capture": False}), 1)

    def test_writes_from_other_threads_go_to_stderr(self) -> None:
        code = "import threading\nt = threading.Thread(target=print, args=('thread-marker',))\nt.start()\nt.join()\nprint('own')"
        self.assertEqual(self.worker.result("exec", {"code": code, "capture": True}), {"value": None, "stdout": "own\n", "stderr": ""})
        self.worker.wait_stderr("thread-marker")

    def test_unpaired_surrogates_in_captured_text_are_escaped(self) -> None:
        result = self.worker.result("exec", {"code": "print('a\\udcffb')", "capture": True})
        self.assertEqual(result["stdout"], "a\\udcffb\n")


class CallTest(CommandTestCase):
    def test_module_target_with_args_and_kwargs(self) -> None:
        self.assertEqual(self.worker.result("call", {"target": "os.path:join", "args": ["a", "b"]}), os.path.join("a", "b"))
        self.assertEqual(
            self.worker.result("call", {"target": "json:dumps", "args": [[1]], "kwargs": {"indent": 1}}), "[\n 1\n]"
        )
        self.assertEqual(self.worker.result("call", {"target": "collections:OrderedDict.fromkeys", "args": [["k"]]}), {"k": None})

    def test_names_resolve_in_the_session_then_builtins(self) -> None:
        self.worker.result("exec", {"code": "class Box:\n    def size(self):\n        return 3\nbox = Box()\ndef twice(x):\n    return 2 * x"})
        self.assertEqual(self.worker.result("call", {"target": "twice", "args": [21]}), 42)
        self.assertEqual(self.worker.result("call", {"target": "box.size"}), 3)
        self.assertEqual(self.worker.result("call", {"target": "len", "args": ["four"]}), 4)
        self.assertEqual(self.worker.result("call", {"target": "str.upper", "args": ["a"]}), "A")
        self.worker.result("exec", {"code": "def len(x):\n    return -1"})
        self.assertEqual(self.worker.result("call", {"target": "len", "args": ["four"]}), -1)

    def test_missing_targets(self) -> None:
        cases = [
            ("no_such_module_xyz:f", "'no_such_module_xyz'"),
            ("os.no_such_module_xyz:f", "'os.no_such_module_xyz'"),
            ("os:no_such_function", "'no_such_function'"),
            ("os:path.no_such_function", "'no_such_function'"),
            ("undefined_name", "'undefined_name'"),
            ("len.no_such_attribute", "'no_such_attribute'"),
        ]
        for target, missing in cases:
            with self.subTest(target=target):
                error = self.worker.error("call", {"target": target})
                self.assertEqual(error["type"], "TargetNotFound")
                self.assertIn(missing, error["message"])

    def test_a_module_that_fails_its_own_import_is_a_user_error(self) -> None:
        error = self.worker.error("call", {"target": "tests.broken_import:f"})
        self.assertEqual(error["type"], "ModuleNotFoundError")
        self.assertIn("tests/broken_import.py", error["traceback"])

    def test_bad_targets_are_invalid_arguments(self) -> None:
        self.worker.result("exec", {"code": "number = 5"})
        for target in ("number", "os:sep", "", "a..b", "os:", ":f", "a b"):
            with self.subTest(target=target):
                error = self.worker.error("call", {"target": target})
                self.assertEqual(error["type"], "InvalidArguments")
                self.assertIn(repr(target), error["message"])

    def test_exception_in_the_callee(self) -> None:
        error = self.worker.error("call", {"target": "int", "args": ["x"]})
        self.assertEqual(error["type"], "ValueError")
        self.assertNotIn("pybridge", error["traceback"])
        self.assertIsNone(error["location"])
        error = self.worker.error("call", {"target": "json:loads", "args": ["{"]})
        self.assertEqual(error["type"], "json.decoder.JSONDecodeError")
        self.assertTrue(error["location"]["file"].endswith("decoder.py"))


class SessionTest(CommandTestCase):
    def test_sessions_are_isolated_from_each_other_and_the_default(self) -> None:
        self.worker.result("exec", {"code": "x = 'a'"}, session="a")
        self.worker.result("exec", {"code": "x = 'b'"}, session="b")
        self.worker.result("exec", {"code": "x = 'default'"})
        self.assertEqual(self.worker.result("eval", {"code": "x"}, session="a"), "a")
        self.assertEqual(self.worker.result("eval", {"code": "x"}, session="b"), "b")
        self.assertEqual(self.worker.result("eval", {"code": "x"}), "default")
        self.assertEqual(self.worker.error("eval", {"code": "x"}, session="c")["type"], "NameError")

    def test_session_close(self) -> None:
        self.worker.result("exec", {"code": "x = 1"}, session="a")
        self.worker.result("exec", {"code": "x = 2"}, session="b")
        self.assertEqual(self.worker.result("session.close", session="a"), {"closed": True})
        self.assertEqual(self.worker.result("session.close", session="a"), {"closed": False})
        self.assertEqual(self.worker.result("session.close", session="never"), {"closed": False})
        self.assertEqual(self.worker.error("eval", {"code": "x"}, session="a")["type"], "NameError")
        self.assertEqual(self.worker.result("eval", {"code": "x"}, session="b"), 2)

    def test_closing_the_default_session_resets_it(self) -> None:
        self.assertEqual(self.worker.result("session.close"), {"closed": False})
        self.worker.result("exec", {"code": "x = 1"})
        self.assertEqual(self.worker.result("session.close"), {"closed": True})
        self.assertEqual(self.worker.error("eval", {"code": "x"})["type"], "NameError")


class StatsTest(CommandTestCase):
    def test_stats(self) -> None:
        self.worker.result("exec", {"code": "x = 1"}, session="a")
        self.worker.error("eval", {"code": "1/0"})
        self.worker.send_payload(b"garbage")
        self.worker.read_frame()
        stats = self.worker.result("stats")
        assert isinstance(stats, dict)
        self.assertEqual(
            set(stats), {"pid", "python", "uptime_s", "requests", "errors", "in_flight", "sessions", "rss_bytes", "threads"}
        )
        self.assertEqual(stats["pid"], self.worker.proc.pid)
        self.assertEqual(stats["python"], self.worker.ready["result"]["python"])
        self.assertEqual((stats["requests"], stats["errors"], stats["in_flight"], stats["sessions"]), (4, 2, 0, 1))
        self.assertEqual(stats["threads"], 1)
        self.assertIsInstance(stats["rss_bytes"], int)
        self.assertGreater(stats["rss_bytes"], 1024 * 1024)


class CancelSingleThreadTest(CommandTestCase):
    def test_cancel_only_finds_answered_requests(self) -> None:
        done = self.worker.request("eval", {"code": "1"})
        self.worker.read_frame()
        self.assertEqual(self.worker.result("cancel", {"id": done}), {"cancelled": False})
        self.assertEqual(self.worker.result("cancel", {"id": 12345}), {"cancelled": False})


if __name__ == "__main__":
    unittest.main()
