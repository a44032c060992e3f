"""Running a program once: inside `dspy.context` (never `dspy.configure`, which DSPy allows from one thread
only), on a copy of its scope's LM, with a callback that records every LM exchange of this execution, the
ones on LM copies that BestOfN, Refine and MultiChainComparison make included."""

from __future__ import annotations

import datetime
import threading

from ..errors import UnsupportedValue, qualified_name
from .kinds import REASONING_KINDS
from .lms import LmScope
from .loader import Dspy
from .store import Program
from .values import as_int, plain

_USAGE_KEYS = ("prompt_tokens", "completion_tokens")


def run(dspy: Dspy, program: Program, inputs: dict[str, object], scope: LmScope) -> dict[str, object]:
    """The execute_program result but for `worker`: outputs by the JVM's names, reasoning, usage, LM calls."""
    d = dspy.module
    log = call_log_class(dspy)()
    lm = scope.execution_copy()
    callbacks = [*(d.settings.get("callbacks") or []), log]  # type: ignore[attr-defined]
    # track_usage is the setting's name from DSPy 2.6 on; a version without it ignores the override. A trace of
    # its own keeps the execution's predictions out of the worker-wide one that other threads append to.
    with d.context(lm=lm, track_usage=True, callbacks=callbacks, trace=[]):  # type: ignore[attr-defined]
        prediction = program.module(**inputs)  # type: ignore[operator]
    if prediction is None:
        raise RuntimeError(f"program {program.program_id!r} returned no prediction (every attempt failed?)")
    values = prediction.toDict() if callable(getattr(prediction, "toDict", None)) else dict(prediction)
    calls = [_call_record(entry, instance, index) for index, (entry, instance) in enumerate(log.entries())]
    return {
        "outputs": _outputs(program, values),
        "reasoning": _reasoning(values) if program.kind in REASONING_KINDS else None,
        "usage": _usage(prediction, calls),
        "lm_calls": calls,
    }


def _outputs(program: Program, values: dict[str, object]) -> dict[str, object]:
    outputs = {}
    for field in program.signature.outputs:
        if field.python_name not in values:
            raise RuntimeError(f"program {program.program_id!r}: its prediction has no output {field.name!r}")
        outputs[field.name] = plain(values[field.python_name], f"execute_program: output {field.name!r}")
    return outputs


def _reasoning(values: dict[str, object]) -> str | None:
    # ChainOfThought's field is `reasoning`; MultiChainComparison's is `rationale`.
    reasoning = values.get("reasoning", values.get("rationale"))
    if reasoning is None or isinstance(reasoning, str):
        return None if reasoning is None else str.__str__(reasoning)
    content = getattr(reasoning, "content", None)  # a reasoning object of newer DSPy
    if isinstance(content, str):
        return content
    raise UnsupportedValue(f"execute_program: reasoning of type {qualified_name(type(reasoning))} is not text")


def _usage(prediction: object, calls: list[dict[str, object]]) -> dict[str, dict[str, int]]:
    """DSPy's own count when it kept one (track_usage), else the sum of the recorded calls' usage."""
    get_usage = getattr(prediction, "get_lm_usage", None)
    tracked = get_usage() if callable(get_usage) else None
    by_model: dict[str, list[object]] = {}
    if isinstance(tracked, dict) and tracked:
        for model, usage in tracked.items():
            by_model.setdefault(str(model), []).append(usage)
    else:
        for call in calls:
            if call["usage"]:
                by_model.setdefault(str(call["model"]), []).append(call["usage"])
    return {model: _token_totals(entries) for model, entries in by_model.items()}


def _token_totals(entries: list[object]) -> dict[str, int]:
    totals = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        counts = {key: as_int(entry.get(key)) for key in _USAGE_KEYS}
        for key, count in counts.items():
            totals[key] += count
        totals["total_tokens"] += as_int(entry.get("total_tokens")) or sum(counts.values())
    return totals


def _call_record(entry: object, instance: object, index: int) -> dict[str, object]:
    """One LM exchange, from its history entry, keeping only what may cross: never `kwargs` (they may hold the API
    key) nor the provider's response object."""
    read = entry.get if isinstance(entry, dict) else (lambda key: getattr(entry, key, None))  # type: ignore[union-attr]
    where = f"execute_program: lm_calls[{index}]"
    model = read("model") or getattr(instance, "model", None)
    prompt = read("prompt")
    cost = read("cost")
    timestamp = read("timestamp")
    return {
        "model": model if isinstance(model, str) else None,
        "messages": plain(read("messages"), where + ".messages"),
        "prompt": prompt if isinstance(prompt, str) else None,
        "outputs": plain(read("outputs") or [], where + ".outputs"),
        "usage": plain(dict(read("usage") or {}), where + ".usage"),
        "cost": float(cost) if isinstance(cost, (int, float)) and not isinstance(cost, bool) else None,
        "timestamp": timestamp if isinstance(timestamp, str) else datetime.datetime.now().isoformat(),
    }


def call_log_class(dspy: Dspy) -> type:
    """The callback class that records LM exchanges, derived once per worker from the installed DSPy's BaseCallback."""
    if dspy.call_log_class is None:
        dspy.call_log_class = _make_call_log_class(dspy.module)
    return dspy.call_log_class


def _make_call_log_class(d: object) -> type:
    base_callback = d.utils.callback.BaseCallback  # type: ignore[attr-defined]
    lm_types = tuple(t for t in (getattr(d, "BaseLM", None), getattr(d, "LM", None)) if isinstance(t, type))

    class CallLog(base_callback):  # type: ignore[misc,valid-type]
        """Takes the history entry each LM call of the execution appended to its LM (a copy's included)."""

        def __init__(self) -> None:
            self._lock = threading.Lock()
            self._open: dict[str, tuple[object, object]] = {}
            self._entries: list[tuple[object, object]] = []

        def on_lm_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
            history = getattr(instance, "history", None)
            last = history[-1] if history else None
            with self._lock:
                self._open[call_id] = (instance, last)

        def on_lm_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
            with self._lock:
                opened = self._open.pop(call_id, None)
            if opened is None:
                return
            instance, last = opened
            history = getattr(instance, "history", None)
            if history and history[-1] is not last:
                with self._lock:
                    self._entries.append((history[-1], instance))

        # Versions whose callbacks route only dspy.LM to on_lm_*: another LM's calls arrive as a module's.
        def on_module_start(self, call_id: str, instance: object, inputs: dict[str, object]) -> None:
            if lm_types and isinstance(instance, lm_types):
                self.on_lm_start(call_id, instance, inputs)

        def on_module_end(self, call_id: str, outputs: object, exception: BaseException | None = None) -> None:
            self.on_lm_end(call_id, outputs, exception)

        def entries(self) -> list[tuple[object, object]]:
            with self._lock:
                return list(self._entries)

    return CallLog
