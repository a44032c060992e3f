"""`dspy.utils.DummyLM`: answers from a list (in turn) or a dict (keyed by a text the last message contains),
in ChatAdapter's format."""

from __future__ import annotations

from ..lms import BaseLM


class _Record(dict):
    """A dict whose keys read as attributes too, as DSPy's dotdict."""

    def __getattr__(self, key: str) -> object:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


class DummyLM(BaseLM):
    def __init__(self, answers, follow_examples=False, reasoning=False, adapter=None):  # noqa: ANN001
        super().__init__("dummy", "chat", 0.0, 1000, True)
        self.answers = iter(answers) if isinstance(answers, list) else answers
        self.follow_examples = follow_examples
        self.reasoning = reasoning
        self.adapter = adapter

    def _format_answer_fields(self, field_names_and_values):  # noqa: ANN001, ANN202
        sections = [f"[[ ## {name} ## ]]\n{value}" for name, value in field_names_and_values.items()]
        return "\n\n".join(sections + ["[[ ## completed ## ]]"])

    def forward(self, prompt=None, messages=None, **kwargs):  # noqa: ANN001, ANN201
        messages = messages or [{"role": "user", "content": prompt}]
        kwargs = {**self.kwargs, **kwargs}
        choices = []
        for _ in range(kwargs.get("n", 1)):
            if isinstance(self.answers, dict):
                answer = next(
                    (self._format_answer_fields(v) for k, v in self.answers.items() if k in messages[-1]["content"]),
                    "No more responses",
                )
            else:
                answer = self._format_answer_fields(next(self.answers, {"answer": "No more responses"}))
            choices.append(_Record(message=_Record(content=answer, tool_calls=None), finish_reason="stop"))
        return _Record(choices=choices, usage=_Record(prompt_tokens=0, completion_tokens=0, total_tokens=0), model="dummy")
