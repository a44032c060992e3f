"""The program commands' parts, in process: field types, safe names, values, secrets, version checks, fake LMs."""

from __future__ import annotations

import typing
import unittest

from pybridge.errors import InvalidArguments, UnsupportedValue
from pybridge.programs import loader
from pybridge.programs.field_types import parse_type
from pybridge.programs.handlers import WorkerPrograms
from pybridge.programs.lms import LmScope
from pybridge.programs.signatures import parse_signature, safe_names
from pybridge.programs.values import plain
from pybridge.redaction import Redactor

from . import dspy_support  # noqa: F401 - picks the real DSPy or the stand-in before fake_lms imports it
from . import fake_lms

SECRET = "sk-test-SECRET123"


class FieldTypeTest(unittest.TestCase):
    def test_types_parse_into_python_types_and_canonical_text(self) -> None:
        cases = [
            ("str", str, "str"),
            (" float ", float, "float"),
            ("list[str]", list[str], "list[str]"),
            ("List[int]", list[int], "list[int]"),
            ("dict[str, list[bool]]", dict[str, list[bool]], "dict[str, list[bool]]"),
            ("dict", dict, "dict"),
            ("Optional[int]", typing.Optional[int], "Optional[int]"),
            ("Literal['a', \"b c\", 3, True]", typing.Literal["a", "b c", 3, True], "Literal['a', 'b c', 3, True]"),
            ("Literal[\"it's\"]", typing.Literal["it's"], "Literal[\"it's\"]"),
            ("list[Optional[Literal['x']]]", list[typing.Optional[typing.Literal["x"]]], "list[Optional[Literal['x']]]"),
        ]
        for text, python, canonical in cases:
            with self.subTest(text=text):
                parsed = parse_type(text, "field")
                self.assertEqual(parsed.python, python)
                self.assertEqual(parsed.text, canonical)
                self.assertEqual(parse_type(canonical, "field").python, python, "the canonical text parses the same")

    def test_unknown_and_malformed_types_name_the_field_and_the_type(self) -> None:
        for text in ("lst[str]", "list[str", "list[str]]", "dict[str]", "Literal[]", "Literal[x]", "Optional[]", "str str", "os.system", "", "list[1]"):
            with self.subTest(text=text):
                with self.assertRaises(InvalidArguments) as caught:
                    parse_type(text, "create_program: signature.outputs[0] ('answer')")
                message = str(caught.exception)
                self.assertIn("'answer'", message)
                self.assertIn(repr(text), message)


class SafeNamesTest(unittest.TestCase):
    def test_keywords_reserved_names_and_non_identifiers_get_names_no_other_field_takes(self) -> None:
        names = safe_names(["question", "from", "from_", "lambda", "reasoning", "lm", "fields", "first name", "_x", "9lives"], frozenset({"fields"}))
        self.assertEqual(names["question"], "question")
        self.assertEqual(names["from_"], "from_", "a usable name keeps itself")
        self.assertEqual(names["from"], "from__", "and the renamed one goes around it")
        self.assertEqual(names["lambda"], "lambda_")
        self.assertEqual(names["reasoning"], "reasoning_")
        self.assertEqual(names["lm"], "lm_")
        self.assertEqual(names["fields"], "fields_")
        self.assertEqual(names["first name"], "first_name_")
        self.assertEqual(names["_x"], "f__x_")
        self.assertEqual(names["9lives"], "f_9lives_")
        self.assertEqual(len(set(names.values())), len(names))

    def test_signature_errors_name_the_field(self) -> None:
        def field(name: object, type_text: str = "str") -> dict[str, object]:
            return {"name": name, "type": type_text, "description": None}

        cases = [
            ({"inputs": [field("q")], "outputs": []}, ["'outputs' is empty"]),
            ({"inputs": [field("q")], "outputs": [field("q")]}, ["'q'", "twice"]),
            ({"inputs": [field("")], "outputs": [field("a")]}, ["inputs[0]", "empty"]),
            ({"inputs": [field("q", "strin")], "outputs": [field("a")]}, ["inputs[0]", "'q'", "'strin'"]),
            ({"inputs": [{"name": "q", "kind": "str"}], "outputs": [field("a")]}, ["inputs[0]", "'kind'"]),
            ({"inputs": [field("q")], "outputs": [{"name": "a", "description": 3}]}, ["outputs[0]", "'description'"]),
            ({"inputs": [field("q")], "outputs": [field("a")], "instructions": 5}, ["'instructions'"]),
            ({"inputs": "q", "outputs": [field("a")]}, ["'inputs'", "an array"]),
        ]
        for signature, fragments in cases:
            with self.subTest(signature=signature):
                with self.assertRaises(InvalidArguments) as caught:
                    parse_signature("create_program", signature, frozenset())
                for fragment in fragments:
                    self.assertIn(fragment, str(caught.exception))

    def test_the_string_form_uses_the_jvm_names_with_types_but_for_str(self) -> None:
        spec = parse_signature(
            "create_program",
            {
                "inputs": [{"name": "question", "type": "str"}, {"name": "from", "type": "list[str]"}],
                "outputs": [{"name": "answer"}, {"name": "confidence", "type": "float"}],
            },
            frozenset(),
        )
        self.assertEqual(spec.text(), "question, from: list[str] -> answer, confidence: float")
        self.assertEqual(spec.python_inputs("execute_program", {"question": "q", "from": ["x"]}), {"question": "q", "from_": ["x"]})


class RedactorTest(unittest.TestCase):
    def test_every_occurrence_is_masked_longest_secret_first(self) -> None:
        redactor = Redactor()
        redactor.add("")
        self.assertEqual(redactor.scrub("nothing registered"), "nothing registered")
        redactor.add("abc")
        redactor.add("abcdef")
        self.assertEqual(redactor.scrub("abcdef and abc and abcdefabc"), "*** and *** and ******")
        self.assertEqual(
            redactor.scrub_value({"k abc": ["abc", 1, None, {"x": "abcdef"}], "n": 2}), {"k ***": ["***", 1, None, {"x": "***"}], "n": 2}
        )
        self.assertNotIn("abc", repr(redactor))


class ValuesTest(unittest.TestCase):
    def test_models_examples_and_sets_become_plain_data(self) -> None:
        class Model:
            def model_dump(self) -> dict[str, object]:
                return {"a": {3, 1, 2}}

        class Example:
            def toDict(self) -> dict[str, object]:  # noqa: N802
                return {"m": Model(), "t": (1, 2)}

        self.assertEqual(plain([Example(), frozenset({"b", "a"})], "output 'x'"), [{"m": {"a": [1, 2, 3]}, "t": [1, 2]}, ["a", "b"]])

    def test_anything_else_names_the_output_and_where_it_sits(self) -> None:
        with self.assertRaises(UnsupportedValue) as caught:
            plain({"items": [1, object()]}, "execute_program: output 'answer'")
        self.assertIn("output 'answer'", str(caught.exception))
        self.assertIn("object", str(caught.exception))
        self.assertIn("$['items'][1]", str(caught.exception))
        with self.assertRaises(UnsupportedValue):
            plain({1: "x"}, "state")


class VersionTest(unittest.TestCase):
    def test_versions_older_than_2_6_are_refused_and_unknown_ones_tried(self) -> None:
        self.assertIn("older than 2.6", loader._too_old("2.5.43") or "")
        for version in ("2.6.0", "2.6.27", "3.0.0-standin", "3.1.0b1", "10", None, "dev"):
            self.assertIsNone(loader._too_old(version), version)


class SecretsInKeptStateTest(unittest.TestCase):
    def test_reprs_of_what_the_worker_keeps_never_show_the_key(self) -> None:
        lm = fake_lms.answering("fake/model", api_key=SECRET)
        programs = WorkerPrograms()
        programs.lms.put(LmScope("default", "fake/model", lm))
        for kept in (programs, programs.lms, programs.lms.find("default")):
            self.assertNotIn(SECRET, repr(kept))


class FakeLmTest(unittest.TestCase):
    """The fake LM reads ChatAdapter's request format (with real DSPy where it imports)."""

    def test_every_output_field_is_answered_by_its_type(self) -> None:
        import dspy

        signature = dspy.Signature(
            {
                "question": (str, dspy.InputField()),
                "answer": (str, dspy.OutputField()),
                "score": (float, dspy.OutputField()),
                "count": (int, dspy.OutputField()),
                "ok": (bool, dspy.OutputField()),
                "tags": (list[str], dspy.OutputField()),
                "pairs": (dict[str, int], dspy.OutputField()),
                "choice": (typing.Literal["b", "a"], dspy.OutputField()),
                "maybe": (typing.Optional[int], dspy.OutputField()),
            },
            "Answer.",
        )
        lm = fake_lms.answering("fake/model")
        with dspy.context(lm=lm):
            prediction = dspy.ChainOfThought(signature)(question="What is 2+2?")
        self.assertEqual(
            prediction.toDict(),
            {
                "reasoning": "because",
                "answer": "answer to What is 2+2?",
                "score": 0.5,
                "count": 1,
                "ok": True,
                "tags": ["a", "b"],
                "pairs": {},
                "choice": "b",
                "maybe": 1,
            },
        )
        usage = lm.history[-1]["usage"]
        self.assertGreater(usage["prompt_tokens"], 0)
        self.assertEqual(usage["total_tokens"], usage["prompt_tokens"] + usage["completion_tokens"])

    def test_json_requests_get_a_json_answer(self) -> None:
        request = [
            {"role": "system", "content": "Your input fields are:\n1. `q` (str): \nYour output fields are:\n1. `a` (str): \n2. `n` (Union[int, NoneType]): \nAll interactions will be structured ..."},
            {"role": "user", "content": "[[ ## q ## ]]\nhi\n\nRespond with a JSON object in the following order of fields: `a`, then `n`."},
        ]
        self.assertEqual(fake_lms.answer(request), '{"a": "a to hi", "n": 1}')


if __name__ == "__main__":
    unittest.main()
