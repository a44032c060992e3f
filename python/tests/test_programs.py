"""The program commands, through real worker processes running real DSPy where it imports, else the stand-in."""

from __future__ import annotations

import json
import unittest

from .dspy_support import REAL_DSPY, start_program_worker

SESSION = "s1"
SECRET = "sk-test-SECRET123"
CALL_KEYS = {"model", "messages", "prompt", "outputs", "usage", "cost", "timestamp"}
REASONING = {"chain_of_thought", "react", "multi_chain_comparison", "best_of_n", "refine"}


def field(name: str, type_text: str = "str", description: str | None = None) -> dict[str, object]:
    return {"name": name, "type": type_text, "description": description}


QA = {"inputs": [field("question")], "outputs": [field("answer")], "instructions": None}
TYPED = {
    "inputs": [field("question", description="what is asked"), field("context", "list[str]")],
    "outputs": [field("answer"), field("confidence", "float"), field("tags", "list[str]"), field("verdict", "Literal['yes', 'no']")],
    "instructions": "Answer the question from the context.",
}
KIND_OPTIONS = {
    "predict": {},
    "chain_of_thought": {},
    "react": {"tools": ["program_targets:lookup"], "max_iters": 2},
    "multi_chain_comparison": {"m": 2},
    "best_of_n": {"n": 3, "reward": "program_targets:no_marks"},
    "refine": {"n": 2, "reward": "program_targets:full_marks"},
}


class ProgramTestCase(unittest.TestCase):
    threads = 1

    def setUp(self) -> None:
        self.worker = start_program_worker(self, "--worker-id", "w-programs", "--threads", str(self.threads))
        self.configure(model="fake/answering")

    def configure(self, scope: str | None = None, factory: str = "fake_lms:answering", **settings: object) -> object:
        args: dict[str, object] = {"factory": factory, **settings}
        if scope is not None:
            args["scope"] = scope
        return self.worker.result("configure_lm", args)

    def create(self, program_id: str, kind: str = "predict", signature: dict[str, object] = QA, session: str = SESSION, **args: object) -> dict:
        result = self.worker.result("create_program", {"program_id": program_id, "signature": signature, "kind": kind, **args}, session)
        assert isinstance(result, dict)
        return result

    def execute(self, program_id: str, inputs: dict[str, object], session: str = SESSION) -> dict:
        result = self.worker.result("execute_program", {"program_id": program_id, "inputs": inputs}, session)
        assert isinstance(result, dict)
        return result

    def error(self, command: str, args: dict[str, object], session: str | None = SESSION, *fragments: str) -> dict:
        error = self.worker.error(command, args, session)
        for fragment in fragments:
            self.assertIn(fragment, error["message"])
        return error

    def call_target(self, target: str) -> object:
        return self.worker.result("call", {"target": target})


class DspyInfoTest(ProgramTestCase):
    def test_dspy_info_reports_the_dspy_that_imports(self) -> None:
        info = self.worker.result("dspy_info")
        self.assertEqual(set(info), {"available", "version", "problem"})
        self.assertIs(info["available"], True)
        self.assertIsNone(info["problem"])
        if not REAL_DSPY:
            self.assertEqual(info["version"], "3.0.0-standin")
        self.assertEqual(self.worker.error("dspy_info", {"x": 1})["type"], "InvalidArguments")


class ConfigureLmTest(ProgramTestCase):
    def test_it_answers_the_scope_and_model_and_the_scope_defaults_to_default(self) -> None:
        self.assertEqual(self.configure(model="fake/a"), {"scope": "default", "model": "fake/a"})
        self.assertEqual(self.configure("adapter-7", model="fake/b"), {"scope": "adapter-7", "model": "fake/b"})

    def test_the_factory_gets_the_model_the_settings_that_are_not_null_and_kwargs(self) -> None:
        self.configure(
            "recorded",
            factory="program_targets:recording_factory",
            model="fake/recorded",
            api_base="http://localhost:1",
            temperature=0.25,
            max_tokens=None,
            cache=False,
            kwargs={"top_p": 0.5},
        )
        self.assertEqual(
            self.call_target("program_targets:factory_settings"),
            [{"model": "fake/recorded", "api_base": "http://localhost:1", "temperature": 0.25, "cache": False, "top_p": 0.5}],
        )

    def test_the_next_configure_lm_of_a_scope_replaces_its_lm(self) -> None:
        self.configure("swap", model="fake/first")
        self.create("p", lm_scope="swap")
        self.assertEqual(self.execute("p", {"question": "q"})["lm_calls"][0]["model"], "fake/first")
        self.configure("swap", model="fake/second")
        self.assertEqual(self.execute("p", {"question": "q"})["lm_calls"][0]["model"], "fake/second")

    def test_bad_arguments_are_invalid_arguments_naming_them(self) -> None:
        cases = [
            ({}, ["'model'", "missing"]),
            ({"model": "m", "temperature": "hot"}, ["'temperature'", "a number"]),
            ({"model": "m", "max_tokens": 1.5}, ["'max_tokens'", "an integer"]),
            ({"model": "m", "cache": "yes"}, ["'cache'", "a boolean"]),
            ({"model": "m", "api_key": 5}, ["'api_key'", "a string"]),
            ({"model": "m", "kwargs": {"temperature": 1.0}}, ["'temperature'", "as the argument"]),
            ({"model": "m", "kwargs": {"api_key": "k"}}, ["'api_key'", "as the argument"]),
            ({"model": "m", "scope": ""}, ["'scope'", "empty"]),
            ({"model": ""}, ["'model'", "empty"]),
            ({"model": "m", "factory": "no_colon"}, ["'factory'", "'package.module:function'"]),
            ({"model": "m", "factory": "program_targets:not_callable"}, ["not callable"]),
            ({"model": "m", "colour": "red"}, ["'colour'", "unknown"]),
        ]
        for args, fragments in cases:
            with self.subTest(args=args):
                self.assertEqual(self.error("configure_lm", args, None, *fragments)["type"], "InvalidArguments")

    def test_a_factory_that_does_not_exist_is_target_not_found(self) -> None:
        self.error("configure_lm", {"model": "m", "factory": "no_such_module_here:make"}, None, "'no_such_module_here'")
        error = self.error("configure_lm", {"model": "m", "factory": "fake_lms:no_such_factory"}, None, "'no_such_factory'")
        self.assertEqual(error["type"], "TargetNotFound")

    @unittest.skipIf(REAL_DSPY, "a real dspy.LM would try to reach a provider")
    def test_without_a_factory_it_builds_dspy_lm(self) -> None:
        self.worker.result("configure_lm", {"scope": "plain", "model": "openai/none", "temperature": 0.0})
        self.create("p", lm_scope="plain")
        error = self.error("execute_program", {"program_id": "p", "inputs": {"question": "q"}}, SESSION, "'openai/none'")
        self.assertEqual(error["type"], "ConnectionError")


class CreateProgramTest(ProgramTestCase):
    def test_each_kind_reports_its_info_with_reasoning_only_where_the_module_adds_it(self) -> None:
        filled = {**KIND_OPTIONS, "best_of_n": {**KIND_OPTIONS["best_of_n"], "threshold": 1.0}, "refine": {**KIND_OPTIONS["refine"], "threshold": 1.0}}
        for kind, options in KIND_OPTIONS.items():
            with self.subTest(kind=kind):
                info = self.create(f"{kind}-program", kind, TYPED, options=options, lm_scope="default")
                self.assertEqual(
                    info,
                    {
                        "program_id": f"{kind}-program",
                        "kind": kind,
                        "signature": "question, context: list[str] -> answer, confidence: float, tags: list[str], verdict: Literal['yes', 'no']",
                        "inputs": ["question", "context"],
                        "outputs": ["answer", "confidence", "tags", "verdict"] + (["reasoning"] if kind in REASONING else []),
                        "options": filled[kind],
                        "lm_scope": "default",
                    },
                )

    def test_defaults_fill_the_options(self) -> None:
        self.assertEqual(self.create("r", "react")["options"], {"tools": [], "max_iters": 10})
        self.assertEqual(self.create("m", "multi_chain_comparison")["options"], {"m": 3})

    def test_an_id_the_session_uses_is_invalid_until_it_is_deleted(self) -> None:
        self.create("p")
        error = self.error("create_program", {"program_id": "p", "signature": QA, "kind": "predict"}, SESSION, "'p'", "delete it first")
        self.assertEqual(error["type"], "InvalidArguments")
        self.assertEqual(self.worker.result("delete_program", {"program_id": "p"}, SESSION), {"deleted": True})
        self.create("p", "chain_of_thought")

    def test_kinds_and_options_are_checked(self) -> None:
        cases = [
            ({"kind": "predictor"}, ["'predictor'", "best_of_n, chain_of_thought, multi_chain_comparison, predict, react, refine"]),
            ({"kind": "predict", "options": {"n": 2}}, ["'n'", "takes no options"]),
            ({"kind": "react", "options": {"max_iter": 2}}, ["'max_iter'", "'tools', 'max_iters'"]),
            ({"kind": "react", "options": {"tools": "program_targets:lookup"}}, ["'tools'", "an array"]),
            ({"kind": "react", "options": {"max_iters": 0}}, ["'max_iters'", "at least 1"]),
            ({"kind": "multi_chain_comparison", "options": {"m": True}}, ["'m'", "a boolean"]),
            ({"kind": "best_of_n", "options": {"n": 2}}, ["'reward'", "needs option"]),
            ({"kind": "refine", "options": {"reward": "program_targets:full_marks"}}, ["'n'", "needs option"]),
            ({"kind": "best_of_n", "options": {"n": 2, "reward": "program_targets:full_marks", "threshold": "high"}}, ["'threshold'", "a number"]),
            ({"kind": "best_of_n", "options": {"n": 2, "reward": "program_targets:not_callable"}}, ["'reward'", "not callable"]),
            ({"kind": "predict", "lm_scope": ""}, ["'lm_scope'", "empty"]),
            ({"kind": "predict", "program_id": ""}, ["'program_id'", "empty"]),
            ({"kind": "predict", "signature": "question -> answer"}, ["'signature'", "an object"]),
            ({"kind": "predict", "signature": {**QA, "outputs": [field("answer", "lst[str]")]}}, ["outputs[0]", "'answer'", "'lst[str]'"]),
        ]
        for overrides, fragments in cases:
            with self.subTest(overrides=overrides):
                args = {"program_id": "p", "signature": QA, **overrides}
                self.assertEqual(self.error("create_program", args, SESSION, *fragments)["type"], "InvalidArguments")
        self.assertEqual(self.worker.result("list_programs", {}, SESSION), [], "nothing was created")

    def test_a_tool_that_does_not_exist_is_target_not_found(self) -> None:
        args = {"program_id": "p", "signature": QA, "kind": "react", "options": {"tools": ["program_targets:lookup", "program_targets:missing"]}}
        error = self.error("create_program", args, SESSION, "'tools'[1]", "'missing'")
        self.assertEqual(error["type"], "TargetNotFound")


class ExecuteProgramTest(ProgramTestCase):
    def test_outputs_come_by_the_jvm_names_with_usage_lm_calls_and_the_worker(self) -> None:
        self.create("p", signature=TYPED)
        result = self.execute("p", {"question": "What is 2+2?", "context": ["sums"]})
        self.assertEqual(set(result), {"outputs", "reasoning", "usage", "lm_calls", "worker"})
        self.assertEqual(result["outputs"], {"answer": "answer to What is 2+2?", "confidence": 0.5, "tags": ["a", "b"], "verdict": "yes"})
        self.assertIsNone(result["reasoning"])
        self.assertEqual(result["worker"], "w-programs")
        [call] = result["lm_calls"]
        self.assertEqual(set(call), CALL_KEYS)
        self.assertEqual(call["model"], "fake/answering")
        self.assertIn("What is 2+2?", json.dumps(call["messages"]))
        self.assertIn("answer to What is 2+2?", json.dumps(call["outputs"]))
        self.assertIsInstance(call["timestamp"], str)
        usage = result["usage"]["fake/answering"]
        self.assertEqual(set(usage), {"prompt_tokens", "completion_tokens", "total_tokens"})
        self.assertGreater(usage["prompt_tokens"], 0)
        self.assertEqual(usage["total_tokens"], usage["prompt_tokens"] + usage["completion_tokens"])
        self.assertEqual(call["usage"]["total_tokens"], usage["total_tokens"])

    def test_chain_of_thought_reasoning_comes_apart_from_the_outputs(self) -> None:
        self.create("p", "chain_of_thought")
        result = self.execute("p", {"question": "Why?"})
        self.assertEqual(result["outputs"], {"answer": "answer to Why?"})
        self.assertEqual(result["reasoning"], "because")

    def test_missing_and_unknown_inputs_name_them_and_list_the_expected_ones(self) -> None:
        self.create("p", signature=TYPED)
        error = self.error("execute_program", {"program_id": "p", "inputs": {"question": "q", "contxt": []}}, SESSION,
                           "missing 'context'", "unknown 'contxt'", "'question', 'context'")
        self.assertEqual(error["type"], "InvalidArguments")
        self.error("execute_program", {"program_id": "p"}, SESSION, "'inputs'", "missing")

    def test_an_unknown_program_is_named_with_the_sessions_programs(self) -> None:
        self.create("alpha")
        self.create("beta")
        error = self.error("execute_program", {"program_id": "gamma", "inputs": {}}, SESSION, "'gamma'", "'alpha', 'beta'")
        self.assertEqual(error["type"], "UnknownProgram")
        self.error("get_program", {"program_id": "gamma"}, "s2", "'gamma'", "none")

    def test_a_scope_without_an_lm_is_lm_not_configured(self) -> None:
        self.create("p", lm_scope="nobody-configured-this")
        error = self.error("execute_program", {"program_id": "p", "inputs": {"question": "q"}}, SESSION,
                           "'nobody-configured-this'", "configureLm", "'default'")
        self.assertEqual(error["type"], "LmNotConfigured")

    def test_an_error_of_the_lm_is_a_user_error_of_its_own_type(self) -> None:
        self.configure("failing", factory="fake_lms:failing_with_key", model="fake/failing", api_key="k-123456")
        self.create("p", lm_scope="failing")
        error = self.error("execute_program", {"program_id": "p", "inputs": {"question": "q"}}, SESSION, "Incorrect API key")
        self.assertEqual(error["type"], "fake_lms.ProviderAuthenticationError")
        self.assertIn("ProviderAuthenticationError", error["traceback"])
        self.assertNotIn("pybridge/programs", error["traceback"], "the worker's own frames are left out")

    def test_either_a_program_id_or_a_definition(self) -> None:
        self.create("p")
        definition = {"program_id": "p", "signature": QA, "kind": "predict", "digest": "d"}
        self.error("execute_program", {"program_id": "p", "definition": definition, "inputs": {}}, SESSION, "not both")
        self.error("execute_program", {"inputs": {}}, SESSION, "'program_id'", "'definition'")
        self.error("execute_program", {"program_id": 3, "inputs": {}}, SESSION, "'program_id'", "a string")


class SessionProgramsTest(ProgramTestCase):
    def test_list_get_and_delete(self) -> None:
        beta = self.create("beta", "chain_of_thought")
        alpha = self.create("alpha")
        self.assertEqual(self.worker.result("list_programs", {}, SESSION), [alpha, beta])
        self.assertEqual(self.worker.result("get_program", {"program_id": "beta"}, SESSION), beta)
        self.assertEqual(self.worker.result("delete_program", {"program_id": "beta"}, SESSION), {"deleted": True})
        self.assertEqual(self.worker.result("delete_program", {"program_id": "beta"}, SESSION), {"deleted": False})
        self.assertEqual(self.worker.result("list_programs", {}, SESSION), [alpha])
        self.assertEqual(self.worker.error("execute_program", {"program_id": "beta", "inputs": {}}, SESSION)["type"], "UnknownProgram")

    def test_programs_belong_to_their_session_and_go_with_it(self) -> None:
        self.create("p", session="s1")
        self.create("p", "chain_of_thought", session="s2")
        self.create("p", "predict", session=None)
        self.assertEqual(self.worker.result("get_program", {"program_id": "p"}, "s2")["kind"], "chain_of_thought")
        self.assertEqual(self.worker.result("session.close", {}, "s1"), {"closed": True})
        self.assertEqual(self.worker.error("get_program", {"program_id": "p"}, "s1")["type"], "UnknownProgram")
        self.assertEqual(len(self.worker.result("list_programs", {}, "s2")), 1)
        self.assertEqual(self.worker.result("get_program", {"program_id": "p"})["kind"], "predict", "the default namespace has its own")


class SanitisedNamesTest(ProgramTestCase):
    def test_keywords_and_names_dspy_keeps_round_trip_under_the_jvm_names(self) -> None:
        signature = {
            "inputs": [field("from"), field("lambda", "list[str]"), field("lm")],
            "outputs": [field("pass"), field("reasoning"), field("fields", "int"), field("yield", "bool")],
            "instructions": None,
        }
        info = self.create("p", "chain_of_thought", signature)
        self.assertEqual(info["inputs"], ["from", "lambda", "lm"])
        self.assertEqual(info["outputs"], ["pass", "reasoning", "fields", "yield"])
        self.assertEqual(info["signature"], "from, lambda: list[str], lm -> pass, reasoning, fields: int, yield: bool")
        result = self.execute("p", {"from": "Paris", "lambda": ["x"], "lm": "not an LM"})
        self.assertEqual(result["outputs"], {"pass": "pass_ to Paris", "reasoning": "reasoning_ to Paris", "fields": 1, "yield": True})
        self.assertEqual(result["reasoning"], "because", "the module's own reasoning stays apart from the field named reasoning")
        self.assertIn("from_", json.dumps(result["lm_calls"][0]["messages"]), "DSPy saw the safe names")


class ProgramStateTest(ProgramTestCase):
    def test_save_and_load_round_trip_and_a_loaded_demo_reaches_the_prompt(self) -> None:
        self.create("p", "chain_of_thought")
        saved = self.worker.result("save_program", {"program_id": "p"}, SESSION)
        self.assertEqual(set(saved), {"program_id", "state"})
        state = saved["state"]
        [predictor] = state
        self.assertIsNone(state[predictor]["lm"])
        state[predictor]["demos"] = [{"question": "What colour is the sky?", "reasoning": "it scatters blue", "answer": "blue"}]
        self.create("q", "chain_of_thought")
        info = self.worker.result("load_program", {"program_id": "q", "state": state}, SESSION)
        self.assertEqual(info["program_id"], "q")
        self.assertEqual(self.worker.result("save_program", {"program_id": "q"}, SESSION)["state"], state)
        prompt = json.dumps(self.execute("q", {"question": "Why?"})["lm_calls"][0]["messages"])
        self.assertIn("What colour is the sky?", prompt)
        self.assertNotIn("What colour is the sky?", json.dumps(self.execute("p", {"question": "Why?"})["lm_calls"][0]["messages"]))

    def test_a_state_that_does_not_fit_is_invalid_arguments_and_changes_nothing(self) -> None:
        self.create("p", "chain_of_thought")
        before = self.worker.result("save_program", {"program_id": "p"}, SESSION)["state"]
        [predictor] = before
        cases = [
            ({}, [f"no entry for '{predictor}'"]),
            ({**before, "other.predict": {}}, ["unknown entries 'other.predict'"]),
            ({predictor: {"demos": []}}, ["does not fit program 'p'"]),
        ]
        for state, fragments in cases:
            with self.subTest(state=state):
                error = self.error("load_program", {"program_id": "p", "state": state}, SESSION, *fragments)
                self.assertEqual(error["type"], "InvalidArguments")
        self.assertEqual(self.worker.result("save_program", {"program_id": "p"}, SESSION)["state"], before)
        self.assertEqual(self.worker.error("load_program", {"program_id": "p", "state": []}, SESSION)["type"], "InvalidArguments")
        self.assertEqual(self.worker.error("save_program", {"program_id": "none"}, SESSION)["type"], "UnknownProgram")


class DefinitionTest(ProgramTestCase):
    def definition(self, digest: str, signature: dict[str, object] = QA, **fields: object) -> dict[str, object]:
        return {"program_id": "batch", "signature": signature, "kind": "predict", "digest": digest, **fields}

    def run_definition(self, definition: dict[str, object], inputs: dict[str, object]) -> dict:
        return self.worker.result("execute_program", {"definition": definition, "inputs": inputs})

    def test_a_definition_runs_without_a_session_program_and_is_built_once_per_digest(self) -> None:
        first = self.run_definition(self.definition("d1"), {"question": "q"})
        self.assertEqual(first["outputs"], {"answer": "answer to q"})
        self.assertEqual(self.worker.result("list_programs"), [], "no program was added to a session")
        other_signature = {**QA, "outputs": [field("reply")]}
        cached = self.run_definition(self.definition("d1", other_signature), {"question": "q"})
        self.assertEqual(cached["outputs"], {"answer": "answer to q"}, "the digest's program, built once, answered")
        fresh = self.run_definition(self.definition("d2", other_signature), {"question": "q"})
        self.assertEqual(fresh["outputs"], {"reply": "reply to q"})

    def test_the_least_recently_used_of_more_than_32_definitions_is_built_again(self) -> None:
        other_signature = {**QA, "outputs": [field("reply")]}
        self.run_definition(self.definition("oldest"), {"question": "q"})
        for index in range(32):
            self.run_definition(self.definition(f"d{index}"), {"question": "q"})
        self.assertEqual(self.run_definition(self.definition("oldest", other_signature), {"question": "q"})["outputs"], {"reply": "reply to q"})

    def test_a_definitions_state_is_loaded(self) -> None:
        self.create("p")
        state = self.worker.result("save_program", {"program_id": "p"}, SESSION)["state"]
        demos = [{"question": "Which planet is red?", "answer": "Mars"}]
        state = {**state, "demos": demos} if "demos" in state else {name: {**entry, "demos": demos} for name, entry in state.items()}
        result = self.run_definition(self.definition("with-state", state=state), {"question": "q"})
        self.assertIn("Which planet is red?", json.dumps(result["lm_calls"][0]["messages"]))

    def test_a_bad_definition_is_invalid_arguments(self) -> None:
        error = self.error("execute_program", {"definition": {"program_id": "b", "signature": QA, "kind": "predict"}, "inputs": {}}, None,
                           "definition", "'digest'")
        self.assertEqual(error["type"], "InvalidArguments")
        self.error("execute_program", {"definition": self.definition("bad", state=[1]), "inputs": {}}, None, "'state'")
        self.error("execute_program", {"definition": "d", "inputs": {}}, None, "'definition'", "an object")


class KindsTest(ProgramTestCase):
    def test_react_calls_its_tools(self) -> None:
        before = self.call_target("program_targets:lookups")
        self.create("p", "react", options=KIND_OPTIONS["react"])
        result = self.execute("p", {"question": "Who?"})
        self.assertEqual(result["outputs"], {"answer": "answer to Who?"})
        self.assertEqual(result["reasoning"], "because")
        self.assertGreater(self.call_target("program_targets:lookups"), before)
        self.assertGreaterEqual(len(result["lm_calls"]), 2)

    def test_best_of_n_makes_n_attempts_on_lm_copies_and_they_are_all_recorded(self) -> None:
        self.create("p", "best_of_n", options=KIND_OPTIONS["best_of_n"])
        result = self.execute("p", {"question": "Which?"})
        self.assertEqual(result["outputs"], {"answer": "answer to Which?"})
        self.assertEqual(len(result["lm_calls"]), 3)
        self.assertEqual(sum(entry["usage"]["total_tokens"] for entry in result["lm_calls"]), result["usage"]["fake/answering"]["total_tokens"])

    def test_refine_stops_at_a_reward_that_meets_the_threshold_which_sees_the_jvm_names(self) -> None:
        signature = {"inputs": [field("from")], "outputs": [field("lambda")], "instructions": None}
        self.create("p", "refine", signature, options=KIND_OPTIONS["refine"])
        result = self.execute("p", {"from": "here"})
        self.assertEqual(result["outputs"], {"lambda": "lambda_ to here"})
        self.assertEqual(len(result["lm_calls"]), 1)
        self.assertEqual(self.call_target("program_targets:rewarded")[-1], {"args": ["from"], "prediction": ["lambda", "reasoning"]})

    def test_multi_chain_comparison_compares_m_attempts(self) -> None:
        self.create("p", "multi_chain_comparison", options={"m": 2})
        result = self.execute("p", {"question": "How?"})
        self.assertEqual(result["outputs"], {"answer": "answer to How?"})
        self.assertEqual(result["reasoning"], "because")
        self.assertEqual(len(result["lm_calls"]), 3, "two attempts on LM copies, then the comparison")
        self.assertIn("reasoning_attempt_2", json.dumps(result["lm_calls"][2]["messages"]))


class ConcurrentExecutionTest(ProgramTestCase):
    threads = 2

    def test_executions_that_run_at_once_keep_their_lm_calls_apart(self) -> None:
        # The rendezvous LM answers only when both executions are inside it at once.
        self.configure("pair", factory="fake_lms:rendezvous", model="fake/pair", kwargs={"parties": 2})
        self.create("p", lm_scope="pair")
        questions = {}
        for question in ("first question?", "second question?"):
            questions[self.worker.request("execute_program", {"program_id": "p", "inputs": {"question": question}}, SESSION)] = question
        replies, _ = self.worker.read_replies(list(questions))
        for request_id, question in questions.items():
            reply = replies[request_id]
            self.assertIs(reply["success"], True, reply)
            [call] = reply["result"]["lm_calls"]
            messages = json.dumps(call["messages"])
            other = next(text for text in questions.values() if text != question)
            self.assertIn(question, messages)
            self.assertNotIn(other, messages)
            self.assertEqual(reply["result"]["outputs"], {"answer": f"answer to {question}"})


class SecretTest(ProgramTestCase):
    def test_the_api_key_appears_in_no_reply_error_or_stderr(self) -> None:
        self.configure("failing", factory="fake_lms:failing_with_key", model="fake/failing", api_key=SECRET)
        self.create("p", lm_scope="failing")
        failed = self.worker.call("execute_program", {"program_id": "p", "inputs": {"question": "q"}}, SESSION)
        self.assertIs(failed["success"], False)
        self.assertIn("Incorrect API key provided: ***", failed["error"]["message"])
        self.assertIn("***", failed["error"]["traceback"])
        replies = [failed]

        self.create("tries", "best_of_n", lm_scope="failing", options={"n": 2, "reward": "program_targets:full_marks"})
        replies.append(self.worker.call("execute_program", {"program_id": "tries", "inputs": {"question": "q"}}, SESSION))
        self.worker.wait_stderr("Attempt 2 failed")  # BestOfN prints each failed attempt, error message and all

        refused = self.worker.call("configure_lm", {"scope": "refused", "model": "m", "factory": "fake_lms:refusing_key", "api_key": SECRET})
        self.assertIs(refused["success"], False)
        self.assertIn("the key *** is not valid", refused["error"]["message"])
        replies.append(refused)

        self.configure("working", model="fake/working", api_key=SECRET)
        self.create("w", "chain_of_thought", lm_scope="working")
        replies.append(self.worker.call("execute_program", {"program_id": "w", "inputs": {"question": SECRET}}, SESSION))
        self.assertIs(replies[-1]["success"], True)
        self.assertIn("answer to ***", json.dumps(replies[-1]))
        replies.append(self.worker.call("save_program", {"program_id": "w"}, SESSION))
        printed = self.worker.result("exec", {"code": f"print({SECRET!r})", "capture": True})
        self.assertEqual(printed["stdout"], "***\n", "captured output is masked too")

        for reply in replies:
            self.assertNotIn(SECRET, json.dumps(reply))
        self.worker.close_stdin()
        self.assertEqual(self.worker.wait_exit(), 0)  # all of stderr has been read
        self.assertIn("***", self.worker.stderr_text())
        self.assertNotIn(SECRET, self.worker.stderr_text())


if __name__ == "__main__":
    unittest.main()
