"""The script engine's commands, through a real worker process; the state classes in process."""

from __future__ import annotations

import unittest

from pybridge import script_state
from pybridge.script_state import CodeCache, GlobalsMirror

from .support import WorkerProcess

TAG = "__pybridge__"
SESSION = "engine-1"


def ref(ref_id: int, session: str = SESSION) -> dict[str, object]:
    return {TAG: "ref", "value": {"id": ref_id, "type": "ignored", "session": session}}


def ref_id(tag: object) -> int:
    """The id of a `ref` tag in a reply."""
    assert isinstance(tag, dict) and tag[TAG] == "ref", tag
    return tag["value"]["id"]


class ScriptTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.worker = WorkerProcess.start(self)

    def run_script(self, command: str, args: dict[str, object], session: str | None = SESSION) -> dict[str, object]:
        """The command's own result, unwrapped from the captured output, which must be empty."""
        reply = self.worker.result(command, args, session)
        assert isinstance(reply, dict)
        self.assertEqual((reply["stdout"], reply["stderr"]), ("", ""))
        result = reply["value"]
        assert isinstance(result, dict)
        return result

    def eval(self, code: str, session: str | None = SESSION, **args: object) -> dict[str, object]:
        return self.run_script("script.eval", {"code": code, **args}, session)

    def script_error(self, command: str, args: dict[str, object], session: str | None = SESSION) -> dict[str, object]:
        return self.worker.error(command, args, session)


class EvalTest(ScriptTestCase):
    def test_final_expression_and_changed_globals(self) -> None:
        self.assertEqual(
            self.eval("x = 20\ny = x + 22\ny"),
            {"result": 42, "changed": {"x": 20, "y": 42}, "removed": []},
        )
        self.assertEqual(self.eval("z = None"), {"result": None, "changed": {"z": None}, "removed": []})

    def test_bindings_become_globals_and_come_back_only_when_changed(self) -> None:
        values = {
            "text": "naïve 😀 ☃",
            "big": {TAG: "int", "value": "123456789012345678901234567890"},
            "nested": [1, [2, {"k": [None, True]}], {"m": {"n": 1.5}}],
            "nothing": None,
        }
        result = self.eval("[text, big, nested, nothing]", bindings=values)
        self.assertEqual(result, {"result": list(values.values()), "changed": {}, "removed": []})
        result = self.eval("nested[1].append('more')\nbig += 1")
        self.assertEqual(
            result["changed"],
            {
                "nested": [1, [2, {"k": [None, True]}, "more"], {"m": {"n": 1.5}}],
                "big": {TAG: "int", "value": "123456789012345678901234567891"},
            },
        )

    def test_unbind_deletes_globals_before_the_bindings_are_set(self) -> None:
        self.eval("kept = 2", bindings={"gone": 1})
        result = self.eval("'gone' in globals(), kept", unbind=["gone", "never_bound"], incremental=True)
        self.assertEqual(result, {"result": [False, 2], "changed": {}, "removed": []}, "Java knows: nothing to report")
        error = self.script_error("script.eval", {"code": "1", "unbind": [1]})
        self.assertEqual(error["type"], "InvalidArguments")

    def test_names_that_are_not_python_identifiers_are_skipped(self) -> None:
        result = self.eval(
            "sorted(k for k in globals() if not k.startswith('__'))",
            bindings={"javax.script.filename": "x", "class": 1, "ok": 2},
        )
        self.assertEqual(result["result"], ["ok"])

    def test_deleted_globals_and_globals_that_stop_being_data_are_removed(self) -> None:
        self.eval("a = 1\nb = 2\nc = 3")
        result = self.eval("del a\ndef b():\n    pass\nimport json as c")
        self.assertEqual(sorted(result["removed"]), ["a", "b", "c"])
        self.assertEqual(self.eval("a = 1")["changed"], {"a": 1})

    def test_functions_modules_and_dunder_names_are_never_reported(self) -> None:
        self.assertEqual(self.eval("import math\ndef f():\n    pass\n__secret__ = 1\nclass C:\n    pass")["changed"], {})

    def test_filename_argv_and_output(self) -> None:
        reply = self.worker.result(
            "script.eval",
            {"code": "import sys\nprint(sys.argv, __file__)\nsys.stderr.write('warn\\n')", "filename": "job.py", "argv": ["a", "b"]},
            SESSION,
        )
        self.assertEqual(reply["stdout"], "['job.py', 'a', 'b'] job.py\n")
        self.assertEqual(reply["stderr"], "warn\n")
        self.assertNotEqual(self.worker.result("eval", {"code": "__import__('sys').argv[0]"}), "job.py", "argv is restored")
        self.assertEqual(self.eval("import sys\nsys.argv")["result"], ["<script>"])

    def test_syntax_error_has_file_line_and_column_and_binds_nothing(self) -> None:
        error = self.script_error("script.eval", {"code": "ok = 1\nx = (2 +\n", "filename": "broken.py", "bindings": {"bound": 1}})
        self.assertEqual(error["type"], "SyntaxError")
        location = error["location"]
        self.assertEqual((location["file"], location["line"]), ("broken.py", 2))
        self.assertIsInstance(location["column"], int)
        self.assertEqual(self.eval("'bound' in globals() or 'ok' in globals()")["result"], False)

    def test_a_runtime_error_is_placed_at_the_innermost_script_line(self) -> None:
        self.eval("def parse(text):\n    import json\n    return json.loads(text)\n", filename="lib.py")
        error = self.script_error("script.eval", {"code": "x = 1\nparse('{')", "filename": "main.py"})
        self.assertEqual(error["type"], "json.decoder.JSONDecodeError")
        self.assertEqual(error["location"], {"file": "lib.py", "line": 3, "column": None})
        self.assertIn('File "main.py", line 2', error["traceback"])
        self.assertEqual(error["stdout"], "")

    def test_incremental_bindings_need_a_session_that_has_bindings(self) -> None:
        error = self.script_error("script.eval", {"code": "ran = 1", "bindings": {"x": 1}, "incremental": True})
        self.assertEqual(error["type"], "StaleBindings")
        self.assertIn(SESSION, error["message"])
        self.assertEqual(self.eval("'ran' in globals()")["result"], False, "nothing ran")
        self.assertEqual(self.eval("y = 2", incremental=True)["changed"], {"y": 2})

    def test_script_commands_need_a_session(self) -> None:
        error = self.script_error("script.eval", {"code": "1"}, session=None)
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertIn("session", error["message"])

    def test_argv_holds_strings(self) -> None:
        error = self.script_error("script.eval", {"code": "1", "argv": ["a", 2]})
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertIn("'argv'", error["message"])

    def test_sessions_are_isolated(self) -> None:
        self.eval("x = 'one'")
        self.eval("x = 'two'", session="engine-2")
        self.assertEqual(self.eval("x")["result"], "one")
        self.assertEqual(self.eval("x", session="engine-2")["result"], "two")


class RefTest(ScriptTestCase):
    def test_values_json_cannot_carry_become_refs_with_stable_ids(self) -> None:
        self.eval(
            "class Counter:\n    def __init__(self):\n        self.n = 0\n"
            "    def add(self, k):\n        self.n += k\n        return self.n\n"
            "counter = Counter()"
        )
        first = self.eval("counter")["result"]
        counter = ref_id(first)
        self.assertEqual(first, {TAG: "ref", "value": {"id": counter, "type": "__main__.Counter", "session": SESSION}})
        self.assertEqual(
            self.eval("[counter, {1: 2}]")["result"],
            [first, {TAG: "ref", "value": {"id": counter + 1, "type": "dict", "session": SESSION}}],
        )
        self.assertEqual(self.run_script("script.invoke", {"self": first, "name": "add", "args": [5]})["result"], 5)
        self.assertEqual(self.eval("counter.n", bindings={"same": first})["result"], 5)
        self.assertEqual(self.eval("same is counter")["result"], True)

    def test_ids_start_apart_in_each_session_so_old_handles_are_unknown_not_mistaken(self) -> None:
        first = ref_id(self.eval("object()")["result"])
        self.assertEqual(self.worker.result("session.close", {}, SESSION), {"closed": True})
        again = ref_id(self.eval("object()")["result"])
        self.assertNotEqual(first, again)
        self.assertEqual(self.script_error("script.invoke", {"self": ref(first), "name": "x"})["type"], "UnknownRef")

    def test_unknown_and_foreign_refs(self) -> None:
        made = ref_id(self.eval("o = object()\no")["result"])
        error = self.script_error("script.invoke", {"self": ref(made, "engine-2"), "name": "x"})
        self.assertEqual(error["type"], "UnknownRef")
        self.assertIn("engine-2", error["message"])
        self.assertEqual(self.script_error("script.invoke", {"self": ref(made + 1), "name": "x"})["type"], "UnknownRef")
        self.assertEqual(self.worker.result("session.close", {}, SESSION), {"closed": True})
        self.assertEqual(self.script_error("script.invoke", {"self": ref(made), "name": "x"})["type"], "UnknownRef")

    def test_other_commands_refuse_refs_and_never_make_them(self) -> None:
        error = self.worker.error("echo", {"value": [ref(1)]}, SESSION)
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertIn("script commands", error["message"])
        self.assertEqual(self.worker.error("eval", {"code": "object()"}, SESSION)["type"], "UnsupportedValue")


class InvokeTest(ScriptTestCase):
    def test_functions_are_called_and_globals_they_change_reported(self) -> None:
        self.eval("total = 0\ndef add(k):\n    global total\n    total += k\n    print('added', k)\n    return total\n")
        reply = self.worker.result("script.invoke", {"name": "add", "args": [{TAG: "int", "value": str(2**70)}]}, SESSION)
        self.assertEqual(reply["stdout"], "added 1180591620717411303424\n")
        big = {TAG: "int", "value": str(2**70)}
        self.assertEqual(reply["value"], {"result": big, "changed": {"total": big}, "removed": []})

    def test_missing_or_uncallable_targets(self) -> None:
        c = self.eval("value = 1\nclass C:\n    attribute = 2\nc = C()\nc")["result"]
        cases = [
            ({"name": "nope"}, "no function 'nope'"),
            ({"name": "value"}, "'value' in the session is a int, which is not callable"),
            ({"name": "nope", "self": c}, "__main__.C has no method 'nope'"),
            ({"name": "attribute", "self": c}, "not callable"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                error = self.script_error("script.invoke", args)
                self.assertEqual(error["type"], "TargetNotFound")
                self.assertIn(message, error["message"])

    def test_an_error_inside_the_function_is_a_python_error(self) -> None:
        self.eval("def fail():\n    raise KeyError('k')\n", filename="funcs.py")
        error = self.script_error("script.invoke", {"name": "fail"})
        self.assertEqual(error["type"], "KeyError")
        self.assertEqual(error["location"], {"file": "funcs.py", "line": 2, "column": None})

    def test_missing_lists_the_names_that_are_not_callables(self) -> None:
        c = self.eval("def f():\n    pass\nx = 1\nclass C:\n    def m(self):\n        pass\nC()")["result"]
        self.assertEqual(self.worker.result("script.missing", {"names": ["f", "x", "g", "C"]}, SESSION), {"missing": ["x", "g"]})
        self.assertEqual(self.worker.result("script.missing", {"names": ["m", "n"], "self": c}, SESSION), {"missing": ["n"]})


class CompileTest(ScriptTestCase):
    def test_compile_checks_syntax_and_eval_runs_the_cached_code(self) -> None:
        compiled = self.worker.result("script.compile", {"code": "n = 2\nn * 21", "filename": "c.py"}, SESSION)
        self.assertEqual(compiled, {"value": None, "stdout": "", "stderr": ""})
        self.assertEqual(self.eval("n = 2\nn * 21", filename="c.py", cache=True)["result"], 42)
        error = self.script_error("script.compile", {"code": "def f(:\n", "filename": "c.py"})
        self.assertEqual(error["type"], "SyntaxError")
        self.assertEqual(error["location"]["file"], "c.py")

    def test_a_new_session_compiles_what_it_lacks(self) -> None:
        self.assertEqual(self.eval("6 * 7", session="fresh", cache=True)["result"], 42)


class CompleteTest(ScriptTestCase):
    def complete(self, code: str) -> object:
        reply = self.worker.result("script.complete", {"code": code})
        return reply["value"]["complete"]

    def test_blocks_are_incomplete_until_a_blank_line(self) -> None:
        self.assertIs(self.complete("x = 1"), True)
        self.assertIs(self.complete("def f(x):"), False)
        self.assertIs(self.complete("def f(x):\n    return x"), False)
        self.assertIs(self.complete("def f(x):\n    return x\n"), True)
        self.assertIs(self.complete("items = [1,"), False)
        self.assertIs(self.complete("# a comment"), True)

    def test_invalid_input_is_a_syntax_error_without_codeops_frames(self) -> None:
        error = self.worker.error("script.complete", {"code": "def f(:"})
        self.assertEqual(error["type"], "SyntaxError")
        self.assertEqual(error["location"]["file"], "<STDIN>")
        self.assertNotIn("codeop", error["traceback"])


class StateTest(unittest.TestCase):
    def test_the_code_cache_forgets_the_least_recently_used(self) -> None:
        cache = CodeCache()
        first = cache.get("1", "a.py")
        for index in range(script_state.CODE_CACHE_SIZE - 1):
            cache.get(str(index + 2), "a.py")
        self.assertIs(cache.get("1", "a.py"), first)
        cache.get("overflow", "a.py")
        self.assertIs(cache.get("1", "a.py"), first, "used recently, so it stayed")
        self.assertIsNot(cache.get("2", "a.py"), cache.get("2", "b.py"))

    def test_the_mirror_reports_in_place_changes(self) -> None:
        mirror = GlobalsMirror()
        namespace: dict[str, object] = {}
        mirror.bind(namespace, {"items": [1]})
        self.assertEqual(mirror.changes(namespace), ({}, []))
        namespace["items"].append(2)  # type: ignore[attr-defined]
        changed, removed = mirror.changes(namespace)
        self.assertEqual({name: raw.value for name, raw in changed.items()}, {"items": [1, 2]})
        self.assertEqual(mirror.changes(namespace), ({}, []))

    def test_a_large_mutable_value_is_compared_by_identity_a_small_one_by_content(self) -> None:
        mirror = GlobalsMirror()
        large = ["x" * 100] * (script_state.CONTENT_CHECK_CHARS // 100)
        namespace: dict[str, object] = {}
        mirror.bind(namespace, {"large": large, "small": [1]})
        large.append("more")
        namespace["small"].append(2)  # type: ignore[attr-defined]
        changed, _ = mirror.changes(namespace)
        self.assertEqual(list(changed), ["small"], "the large list holds the same object: not read again")
        namespace["large"] = list(large)
        changed, _ = mirror.changes(namespace)
        self.assertEqual(list(changed), ["large"], "another object: reported")

    def test_equal_immutable_values_deletions_and_hidden_names(self) -> None:
        mirror = GlobalsMirror()
        namespace: dict[str, object] = {}
        mirror.bind(namespace, {"text": "ab", "n": 1})
        namespace["text"] = "".join(["a", "b"])
        namespace["f"] = len
        self.assertEqual(mirror.changes(namespace), ({}, []), "an equal string, and a builtin Java never sees")
        del namespace["n"]
        namespace["text"] = unittest
        self.assertEqual(mirror.changes(namespace), ({}, ["text", "n"]))
        namespace["f"] = [1]
        changed, removed = mirror.changes(namespace)
        self.assertEqual(({name: raw.value for name, raw in changed.items()}, removed), ({"f": [1]}, []))


if __name__ == "__main__":
    unittest.main()
