"""Language models for tests, the worker's and the JVM's: `configure_lm` factories ("fake_lms:answering").

They subclass DSPy's DummyLM and answer whatever a program asks, so any signature works: they read the
request as ChatAdapter writes it (the system message lists the fields with their types, the last user message
holds the inputs as `[[ ## name ## ]]` sections) and answer every output field by its type:

- str: "<field> to <the first input's value>" ("answer to What is 2+2?"); "because" for reasoning fields;
- float 0.5, int 1, bool true, list[str] ["a", "b"] (other lists: two of their item), dict {},
  Literal[...] its first value, Optional[T] as T.

Each call reports usage (words of the request and of the answer), so usage reaches the JVM. They import
DSPy, so the worker imports them only once a program command has imported DSPy (the real one, or the
stand-in in tests/standin).
"""

from __future__ import annotations

import ast
import json
import re
import threading
import time

from dspy.utils import DummyLM

_HEADER = re.compile(r"\[\[ ## (\w+) ## \]\]")
_FIELD_LINE = re.compile(r"^\d+\. `(\w+)` \((.*?)\)(?::|$)", re.MULTILINE)
# The reminder that ends the last user message: ChatAdapter's, or JSONAdapter's (DSPy's fallback).
_REMINDER = "Respond with "
_JSON_REMINDER = "Respond with a JSON object"
_REASONING_FIELDS = frozenset(("reasoning", "rationale"))
BARRIER_TIMEOUT_S = 15.0


class _Record(dict):
    """A dict whose keys read as attributes too: the shape of a provider's response that BaseLM reads."""

    def __getattr__(self, key: str) -> object:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


class AnsweringLM(DummyLM):
    """Answers every request from the request itself (see the module's docstring)."""

    def __init__(self, model: str, **settings: object) -> None:
        super().__init__({})
        self.model = model
        # A provider's latency (configure_lm kwargs {"delay_s": 0.2}), so that a batch finds every worker busy.
        self.delay_s = float(settings.pop("delay_s", 0.0))
        if "cache" in settings:
            self.cache = settings.pop("cache")
        self.kwargs.update(settings)

    def forward(self, prompt: str | None = None, messages: list[dict[str, object]] | None = None, **kwargs: object) -> object:
        messages = messages or [{"role": "user", "content": prompt}]
        if self.delay_s:
            time.sleep(self.delay_s)
        text = answer(messages)
        request_words = sum(len(str(message.get("content", "")).split()) for message in messages)
        answer_words = len(text.split())
        choice = _Record(message=_Record(content=text, tool_calls=None), finish_reason="stop")
        usage = _Record(prompt_tokens=request_words, completion_tokens=answer_words, total_tokens=request_words + answer_words)
        return _Record(choices=[choice] * int(kwargs.get("n", 1) or 1), usage=usage, model=self.model)


_barriers: dict[str, threading.Barrier] = {}
_barriers_lock = threading.Lock()


def _barrier(name: str, parties: int) -> threading.Barrier:
    """One barrier per name in the process: LM copies are deep, so they find theirs by name."""
    with _barriers_lock:
        return _barriers.setdefault(name, threading.Barrier(parties, timeout=BARRIER_TIMEOUT_S))


class _MeetingHistory(list):
    """The configured LM's own history: after each entry it waits for the other callers to add theirs, so that
    calls made on this very LM at once (rather than on copies, whose history is a plain list) would see each
    other's entries as the latest one."""

    def __init__(self, barrier: str) -> None:
        super().__init__()
        self.barrier = barrier

    def append(self, entry: object) -> None:
        super().append(entry)
        _barriers[self.barrier].wait()


class RendezvousLM(AnsweringLM):
    """Answers only once `parties` calls (of any copies of it in the process) are in forward at once:
    a test's proof that executions ran concurrently."""

    def __init__(self, model: str, parties: int, **settings: object) -> None:
        super().__init__(model, **settings)
        self.barrier_name = f"{model}/{parties}"
        _barrier(self.barrier_name, parties)
        self.history = _MeetingHistory(self.barrier_name)

    def forward(self, prompt: str | None = None, messages: list[dict[str, object]] | None = None, **kwargs: object) -> object:
        _barriers[self.barrier_name].wait()
        return super().forward(prompt=prompt, messages=messages, **kwargs)


class ProviderAuthenticationError(Exception):
    """What a provider's client raises for a refused key; its message quotes the key, as some do."""


class KeyFailingLM(AnsweringLM):
    def forward(self, prompt: str | None = None, messages: list[dict[str, object]] | None = None, **kwargs: object) -> object:
        raise ProviderAuthenticationError(f"Incorrect API key provided: {self.kwargs.get('api_key')} for model {self.model}")


def answering(model: str, **settings: object) -> AnsweringLM:
    """The LM that answers every output field by its type."""
    return AnsweringLM(model, **settings)


def rendezvous(model: str, parties: int, **settings: object) -> RendezvousLM:
    """An answering LM whose calls wait for each other (configure_lm kwargs {"parties": N})."""
    return RendezvousLM(model, parties, **settings)


def failing_with_key(model: str, api_key: str, **settings: object) -> KeyFailingLM:
    """An LM whose every call fails with an error whose message holds the API key."""
    return KeyFailingLM(model, api_key=api_key, **settings)


def refusing_key(model: str, api_key: str, **settings: object) -> AnsweringLM:
    """A factory that fails to build the LM, naming the key in its error."""
    raise ValueError(f"cannot build {model}: the key {api_key} is not valid here")


def answer(messages: list[dict[str, object]]) -> str:
    """The answer text to a request in ChatAdapter's format (or JSONAdapter's, which DSPy falls back to)."""
    system = next((str(message["content"]) for message in messages if message.get("role") == "system"), "")
    request = str(messages[-1].get("content", ""))
    inputs = _fields(_between(system, "Your input fields are:", "Your output fields are:"))
    outputs = _fields(_between(system, "Your output fields are:", "All interactions will be structured"))
    if not outputs:  # no field list: the names the reminder asks for, as text
        outputs = [(name, "str") for name in _HEADER.findall(request.rpartition(_REMINDER)[2]) if name != "completed"]
    values = _sections(request.rpartition(_REMINDER)[0] or request)
    first_input = str(values.get(inputs[0][0], "")) if inputs else ""
    answers = {name: _value(name, type_text, first_input) for name, type_text in outputs}
    if _JSON_REMINDER in request:
        return json.dumps(answers)
    sections = [f"[[ ## {name} ## ]]\n{_render(answers[name], type_text)}" for name, type_text in outputs]
    return "\n\n".join(sections + ["[[ ## completed ## ]]"])


def _between(text: str, start: str, end: str) -> str:
    after = text.partition(start)[2]
    return after.partition(end)[0] if after else ""


def _fields(section: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2).strip()) for match in _FIELD_LINE.finditer(section)]


def _sections(text: str) -> dict[str, str]:
    parts = _HEADER.split(text)
    return {parts[index]: parts[index + 1].strip() for index in range(1, len(parts) - 1, 2)}


def _value(name: str, type_text: str, first_input: str) -> object:
    text = type_text.strip()
    for wrapper in ("Optional[", "Union["):
        if text.startswith(wrapper) and text.endswith("]"):
            return _value(name, _split_arguments(text[len(wrapper) : -1])[0], first_input)
    head = text.partition("[")[0]
    if head == "str":
        return "because" if name in _REASONING_FIELDS else f"{name} to {first_input}"
    if head == "float":
        return 0.5
    if head == "int":
        return 1
    if head == "bool":
        return True
    if head in ("list", "List"):
        inner = text[len(head) + 1 : -1] if "[" in text else "str"
        return ["a", "b"] if inner.strip() in ("str", "") else [_value(name, inner, first_input)] * 2
    if head == "Literal":
        return ast.literal_eval(f"[{text[len('Literal[') : -1]}]")[0]
    return {}  # dict, and types the fakes do not know (DSPy's tool-call types among them)


def _split_arguments(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += {"[": 1, "]": -1}.get(char, 0)
        current += char
    return parts + [current.strip()]


def _render(value: object, type_text: str) -> str:
    return value if type_text.strip() == "str" and isinstance(value, str) else json.dumps(value)
