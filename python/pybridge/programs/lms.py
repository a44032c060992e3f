"""The language models of the worker, one per scope (the JVM sends its adapter's id): built by `configure_lm`,
replaced by the next `configure_lm` of the same scope, shared by every session of the worker."""

from __future__ import annotations

import copy
import threading

from ..errors import InvalidArguments, LmNotConfigured
from ..protocol import describe_value
from .targets import resolve

# The settings configure_lm takes as arguments of their own; `kwargs` must not repeat them.
SETTING_NAMES = ("api_key", "api_base", "temperature", "max_tokens", "cache")


class LmScope:
    """One scope's LM. Its repr names the scope and model only: the LM object holds the API key."""

    __slots__ = ("scope", "model", "lm")

    def __init__(self, scope: str, model: str, lm: object) -> None:
        self.scope = scope
        self.model = model
        self.lm = lm

    def execution_copy(self) -> object:
        """A copy for one execution, with a history of its own, so that concurrent executions keep their calls apart."""
        make_copy = getattr(self.lm, "copy", None)
        if callable(make_copy):
            return make_copy()
        duplicate = copy.deepcopy(self.lm)
        if hasattr(duplicate, "history"):
            duplicate.history = []
        return duplicate

    def __repr__(self) -> str:
        return f"LmScope(scope={self.scope!r}, model={self.model!r})"


class LmScopes:
    """The configured scopes, by name."""

    __slots__ = ("_scopes", "_lock")

    def __init__(self) -> None:
        self._scopes: dict[str, LmScope] = {}
        self._lock = threading.Lock()

    def put(self, scope: LmScope) -> None:
        with self._lock:
            self._scopes[scope.scope] = scope

    def find(self, name: str) -> LmScope | None:
        with self._lock:
            return self._scopes.get(name)

    def require(self, name: str, program_id: str) -> LmScope:
        scope = self.find(name)
        if scope is None:
            with self._lock:
                known = ", ".join(repr(known) for known in sorted(self._scopes)) or "none"
            raise LmNotConfigured(
                f"program {program_id!r} runs on LM scope {name!r}, which has no language model on this worker "
                f"(configured scopes: {known}): call configureLm first"
            )
        return scope

    def __repr__(self) -> str:
        with self._lock:
            return f"LmScopes({sorted(self._scopes)})"


def lm_settings(command: str, given: dict[str, object], kwargs: dict[str, object]) -> dict[str, object]:
    """The keyword settings for the LM: the named ones that are not null, then `kwargs`."""
    settings = {name: value for name, value in given.items() if value is not None}
    for key in kwargs:
        if key == "model" or key in SETTING_NAMES:
            raise InvalidArguments(f"{command}: 'kwargs' must not hold {key!r}: pass it as the argument {key!r} instead")
    settings.update(kwargs)
    return settings


def build_lm(dspy: object, command: str, model: str, settings: dict[str, object], factory: str | None) -> object:
    """`dspy.LM(model, **settings)`, or what the factory function returns for `model=model, **settings`."""
    if factory is None:
        return dspy.LM(model, **settings)  # type: ignore[attr-defined]
    make = resolve(factory, f"{command}: argument 'factory'")
    lm = make(model=model, **settings)
    if not callable(lm):
        raise InvalidArguments(f"{command}: factory {factory!r} returned {describe_value(lm)}, not a language model")
    return lm
