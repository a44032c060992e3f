"""What DSPy returns, as plain JSON data: pydantic models dumped, Examples and Predictions as dicts, sets as lists.
Anything else is UnsupportedValue naming where it sits, never a silent str()."""

from __future__ import annotations

import math

from ..errors import UnsupportedValue, qualified_name


def plain(value: object, where: str) -> object:
    """`value` as JSON data; `where` names it in the error ("output 'answer'", "state")."""
    return _plain(value, where, "$")


def _plain(value: object, where: str, path: str) -> object:
    if value is None or isinstance(value, (bool, str, bytes)):
        return str.__str__(value) if isinstance(value, str) else value
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, dict):
        return _plain_dict(value, where, path)
    if isinstance(value, (list, tuple)):
        return [_plain(item, where, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, (set, frozenset)):
        items = [_plain(item, where, f"{path}[{index}]") for index, item in enumerate(value)]
        return _sorted_if_possible(items)
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump) and not isinstance(value, type):
        return _plain(model_dump(), where, path)
    to_dict = getattr(value, "toDict", None)
    if callable(to_dict) and not isinstance(value, type):
        return _plain(to_dict(), where, path)
    raise UnsupportedValue(f"{where}: a value of type {qualified_name(type(value))} at {path} cannot be sent")


def _plain_dict(mapping: dict[object, object], where: str, path: str) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, item in mapping.items():
        if not isinstance(key, str):
            raise UnsupportedValue(f"{where}: a map key of type {qualified_name(type(key))} at {path} cannot be sent")
        result[str.__str__(key)] = _plain(item, where, f"{path}[{key!r}]")
    return result


def _sorted_if_possible(items: list[object]) -> list[object]:
    try:
        return sorted(items)  # type: ignore[type-var]
    except TypeError:
        return items


def as_int(value: object) -> int:
    """A token count as an int: DSPy's usage entries may hold None or floats."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    if isinstance(value, float) and not math.isfinite(value):
        return 0
    return int(value)
