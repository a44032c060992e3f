"""`dspy.settings`, `dspy.configure` and `dspy.context`: global settings that only the thread that first
configured them may change, and per-thread overrides, as DSPy 3.x has them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_DEFAULTS: dict[str, object] = {
    "lm": None,
    "adapter": None,
    "trace": [],
    "callbacks": [],
    "disable_history": False,
    "track_usage": False,
    "usage_tracker": None,
    "caller_modules": None,
}


class _Overrides(threading.local):
    def __init__(self) -> None:
        self.values: dict[str, object] = {}


class Settings:
    """Reads an override of the current thread first, then the global configuration."""

    def __init__(self) -> None:
        object.__setattr__(self, "_config", dict(_DEFAULTS))
        object.__setattr__(self, "_overrides", _Overrides())
        object.__setattr__(self, "_owner", None)
        object.__setattr__(self, "_lock", threading.Lock())

    def __getattr__(self, name: str) -> object:
        overrides = self._overrides.values
        if name in overrides:
            return overrides[name]
        if name in self._config:
            return self._config[name]
        raise AttributeError(f"'Settings' object has no attribute '{name}'")

    def __setattr__(self, name: str, value: object) -> None:
        self.configure(**{name: value})

    def get(self, key: str, default: object = None) -> object:
        try:
            return getattr(self, key)
        except AttributeError:
            return default

    def configure(self, **kwargs: object) -> None:
        with self._lock:
            current = threading.get_ident()
            if self._owner not in (None, current):
                raise RuntimeError("dspy.settings can only be changed by the thread that initially configured it.")
            object.__setattr__(self, "_owner", current)
            self._config.update(kwargs)

    @contextmanager
    def context(self, **kwargs: object) -> Iterator[None]:
        saved = self._overrides.values
        self._overrides.values = {**saved, **kwargs}
        try:
            yield
        finally:
            self._overrides.values = saved


settings = Settings()
configure = settings.configure
context = settings.context
