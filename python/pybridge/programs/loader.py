"""Importing DSPy, on the first program command rather than at start-up, and saying clearly when it cannot be."""

from __future__ import annotations

import re
import sys

from ..errors import DependencyMissing
from .signatures import reserved_names

MINIMUM_VERSION = (2, 6)


class Dspy:
    """The imported `dspy` module and what the program commands derive from it once."""

    __slots__ = ("module", "version", "major", "reserved", "call_log_class")

    def __init__(self, module: object, version: str | None) -> None:
        self.module = module
        self.version = version
        numbers = _version_tuple(version) if version else ()
        self.major = numbers[0] if numbers else None
        self.reserved = reserved_names(module)
        self.call_log_class: type | None = None  # made on the first execution (running.call_log_class)


def import_dspy() -> Dspy:
    """The installed DSPy; DependencyMissing, saying how to install it, when it cannot be imported or is too old."""
    module, problem = _try_import()
    if module is None:
        raise DependencyMissing(
            f"DSPy is not importable by {_python()}: {problem}. Install it with `{_python()} -m pip install dspy` "
            f"(DSPy {_minimum_text()} or newer)"
        )
    version = _version_of(module)
    too_old = _too_old(version)
    if too_old:
        raise DependencyMissing(f"{too_old}; {upgrade_hint()}")
    return Dspy(module, version)


def describe_dspy() -> dict[str, object]:
    """The `dspy_info` result: whether DSPy imports, its version, and the problem in one line."""
    module, problem = _try_import()
    if module is None:
        return {"available": False, "version": None, "problem": problem}
    version = _version_of(module)
    too_old = _too_old(version)
    return {"available": too_old is None, "version": version, "problem": too_old}


def _try_import() -> tuple[object | None, str | None]:
    try:
        import dspy
    except Exception as exc:  # a broken dependency may raise anything while DSPy imports
        message = " ".join(str(exc).split())
        return None, f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return dspy, None


def _version_of(module: object) -> str | None:
    version = getattr(module, "__version__", None)
    return version if isinstance(version, str) else None


def _too_old(version: str | None) -> str | None:
    if version is None:
        return None  # a build that does not say: let it try
    numbers = _version_tuple(version)
    if numbers and numbers < MINIMUM_VERSION:
        return f"DSPy {version} is older than {_minimum_text()}, the oldest the program commands support"
    return None


def _version_tuple(version: str) -> tuple[int, ...]:
    match = re.match(r"(\d+)(?:\.(\d+))?", version)
    if match is None:
        return ()
    return tuple(int(part) for part in match.groups() if part is not None)


def upgrade_hint() -> str:
    return f"upgrade it with `{_python()} -m pip install -U dspy`"


def _minimum_text() -> str:
    return ".".join(str(part) for part in MINIMUM_VERSION)


def _python() -> str:
    return sys.executable or "python3"
