"""Loads the extension modules named on the command line: each adds its commands to the table."""

from __future__ import annotations

import importlib
import os
import traceback

from .commands import CommandTable

_IMPORTLIB_DIR = os.path.dirname(importlib.__file__)


class ExtensionError(Exception):
    """An extension module that could not be imported or could not register its commands;
    the message names the module and carries the traceback."""


def load(table: CommandTable, names: list[str]) -> None:
    """Imports each module in order and calls its `register(table)`."""
    for name in names:
        try:
            module = importlib.import_module(name)
        except BaseException as exc:  # an import may raise anything, SystemExit included
            raise ExtensionError(f"extension module {name!r} failed to import:\n{_traceback(exc)}") from None
        register = getattr(module, "register", None)
        if not callable(register):
            raise ExtensionError(
                f"extension module {name!r} has no register(table) function: define one that adds its commands"
            )
        try:
            register(table)
        except BaseException as exc:
            raise ExtensionError(f"extension module {name!r} failed to register its commands:\n{_traceback(exc)}") from None


def _traceback(exc: BaseException) -> str:
    """The traceback from the extension's own code on: the import machinery's frames and this module's say nothing."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if not _machinery(frame.filename)]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)] if frames else []
    return "".join(lines + traceback.format_exception_only(type(exc), exc)).rstrip()


def _machinery(filename: str) -> bool:
    return filename == __file__ or filename.startswith("<frozen importlib") or os.path.dirname(filename) == _IMPORTLIB_DIR
