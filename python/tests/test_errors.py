"""Error objects: type names, tracebacks without the worker's frames, locations."""

from __future__ import annotations

import json
import unittest

from pybridge.errors import (
    Cancelled,
    DependencyMissing,
    InvalidArguments,
    LmNotConfigured,
    ProtocolError,
    ResultTooLarge,
    TargetNotFound,
    UnknownCommand,
    StaleBindings,
    UnknownProgram,
    UnknownRef,
    UnsupportedValue,
    describe,
    qualified_name,
)


def _raised(code: str, filename: str = "<user>") -> BaseException:
    try:
        exec(compile(code, filename, "exec", dont_inherit=True), {"__name__": "__main__"})
    except BaseException as exc:
        return exc
    raise AssertionError("the code did not raise")


class QualifiedNameTest(unittest.TestCase):
    def test_builtins_are_bare_and_others_carry_their_module(self) -> None:
        self.assertEqual(qualified_name(ValueError), "ValueError")
        self.assertEqual(qualified_name(json.JSONDecodeError), "json.decoder.JSONDecodeError")
        self.assertEqual(qualified_name(type(_raised("class Mine(Exception): pass\nraise Mine()"))), "__main__.Mine")


class DescribeTest(unittest.TestCase):
    def test_worker_errors_have_bare_names_and_no_traceback(self) -> None:
        worker_errors = (
            ProtocolError,
            UnknownCommand,
            InvalidArguments,
            TargetNotFound,
            UnknownRef,
            StaleBindings,
            UnsupportedValue,
            ResultTooLarge,
            DependencyMissing,
            LmNotConfigured,
            UnknownProgram,
        )
        for error_type in worker_errors:
            with self.subTest(error_type=error_type):
                self.assertEqual(
                    describe(error_type("why")),
                    {"type": error_type.__name__, "message": "why", "traceback": None, "location": None},
                )

    def test_user_exception_has_traceback_from_user_code_and_innermost_location(self) -> None:
        error = describe(_raised("def inner():\n    raise KeyError('k')\n\ninner()\n", "script.py"))
        self.assertEqual(error["type"], "KeyError")
        self.assertEqual(error["message"], "'k'")
        trace = error["traceback"]
        assert isinstance(trace, str)
        self.assertTrue(trace.startswith("Traceback (most recent call last):\n"))
        self.assertIn('File "script.py", line 4, in <module>', trace)
        self.assertIn('File "script.py", line 2, in inner', trace)
        self.assertEqual(error["location"], {"file": "script.py", "line": 2, "column": None})

    def test_this_test_modules_frames_are_kept(self) -> None:
        # Only the pybridge package's own frames are dropped.
        trace = describe(_raised("1/0"))["traceback"]
        assert isinstance(trace, str)
        self.assertIn("test_errors.py", trace)

    def test_syntax_error_location_has_a_column(self) -> None:
        error = describe(_raised("compile('x = (1,\\n  2 +', 'code.py', 'exec')"))
        self.assertEqual(error["type"], "SyntaxError")
        location = error["location"]
        assert isinstance(location, dict)
        self.assertEqual(location["file"], "code.py")
        self.assertIsInstance(location["line"], int)
        self.assertIsInstance(location["column"], int)

    def test_script_files_place_an_error_at_the_innermost_script_frame(self) -> None:
        # The innermost frame outside the worker is json's own code; the script's line is the useful place.
        code = "import json\n\ndef parse():\n    return json.loads('{')\n\nparse()\n"
        exc = _raised(code, "script.py")
        self.assertIn("json", str(describe(exc)["location"]["file"]))
        self.assertEqual(describe(exc, frozenset(("script.py",)))["location"], {"file": "script.py", "line": 4, "column": None})
        self.assertEqual(describe(exc, frozenset(("other.py",)))["location"], describe(exc)["location"])

    def test_script_files_place_a_syntax_error_in_another_file_at_the_script_line(self) -> None:
        exc = _raised("x = 1\ncompile('(', 'module.py', 'exec')\n", "script.py")
        self.assertEqual(describe(exc)["location"]["file"], "module.py")
        self.assertEqual(describe(exc, frozenset(("script.py",)))["location"], {"file": "script.py", "line": 2, "column": None})
        own = describe(exc, frozenset(("module.py",)))["location"]
        self.assertEqual((own["file"], own["line"]), ("module.py", 1))
        self.assertIsInstance(own["column"], int)

    def test_cancelled_is_named_bare(self) -> None:
        error = describe(Cancelled("request 3 was cancelled before it started"))
        self.assertEqual(error["type"], "Cancelled")
        self.assertIsNone(error["traceback"])
        self.assertIsNone(error["location"])

    def test_unprintable_exception_still_gets_a_message(self) -> None:
        error = describe(_raised("class Odd(Exception):\n    def __str__(self):\n        raise RuntimeError()\nraise Odd()"))
        self.assertEqual(error["type"], "__main__.Odd")
        self.assertIn("str() failed", str(error["message"]))


if __name__ == "__main__":
    unittest.main()
