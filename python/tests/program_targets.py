"""Functions that programs name as targets in tests (the worker's and the JVM's): ReAct tools and rewards.
A fixture module, not a test."""

from __future__ import annotations

import threading

_lock = threading.Lock()
_lookups: list[str] = []
_rewarded: list[dict[str, object]] = []


def lookup(topic: str = "nothing") -> str:
    """A ReAct tool; it records each call, which `lookups` reports."""
    with _lock:
        _lookups.append(topic)
    return f"facts about {topic}"


def lookups() -> int:
    with _lock:
        return len(_lookups)


def full_marks(args: dict[str, object], prediction: object) -> float:
    """A reward every prediction meets (threshold 1.0): BestOfN and Refine stop after the first attempt."""
    _record(args, prediction)
    return 1.0


def no_marks(args: dict[str, object], prediction: object) -> float:
    """A reward no prediction meets: BestOfN and Refine make all N attempts."""
    _record(args, prediction)
    return 0.0


def rewarded() -> list[dict[str, object]]:
    """What the rewards saw: the argument names and prediction keys, in order."""
    with _lock:
        return list(_rewarded)


def _record(args: dict[str, object], prediction: object) -> None:
    with _lock:
        _rewarded.append({"args": sorted(args), "prediction": sorted(prediction.keys())})  # type: ignore[attr-defined]


_factory_settings: list[dict[str, object]] = []


def recording_factory(model: str, **settings: object) -> object:
    """An LM factory that records the settings it was called with (see `factory_settings`)."""
    from fake_lms import answering

    with _lock:
        _factory_settings.append({"model": model, **settings})
    return answering(model, **settings)


def factory_settings() -> list[dict[str, object]]:
    with _lock:
        return list(_factory_settings)


not_callable = 42
