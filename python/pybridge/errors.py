"""The error types the worker reports, and turning any exception into a reply's error object."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from types import TracebackType

# Frames whose code lives in this folder are the worker's own: tracebacks and
# locations start below them, at the user's code.
_PACKAGE_DIR = os.path.dirname(__file__)


class BridgeError(Exception):
    """An error raised by the worker itself; replies name it by its bare class name."""


class ProtocolError(BridgeError):
    """A frame that is not a usable request."""


class UnknownCommand(BridgeError):
    """A request for a command the worker does not have."""


class InvalidArguments(BridgeError):
    """A missing, unknown or ill-typed argument, or a malformed tagged value."""


class TargetNotFound(BridgeError):
    """A `call` target whose module, name or attribute does not exist."""


class UnsupportedValue(BridgeError):
    """A result that the wire format cannot carry."""


class UnknownRef(BridgeError):
    """A `ref` argument that names no object of the request's session."""


class StaleBindings(BridgeError):
    """A `script.eval` that sent only the changed bindings to a session that has none:
    the session is new on this worker, so the JVM must send all of them."""


class ResultTooLarge(BridgeError):
    """A reply whose encoding exceeds the maximum frame size."""


class DependencyMissing(BridgeError):
    """A command needs a package that the worker's Python cannot import (DSPy for the program commands);
    the message names the interpreter and how to install the package."""


class LmNotConfigured(BridgeError):
    """A program ran with no language model configured for its LM scope."""


class UnknownProgram(BridgeError):
    """A program id that names no program of the request's session."""


class Cancelled(BaseException):
    """Ends a request that a `cancel` request aimed at.

    A BaseException, like KeyboardInterrupt, so that user code's
    `except Exception` does not swallow it.
    """


def qualified_name(cls: type) -> str:
    """The class name, prefixed with its module unless it is a builtin."""
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", cls.__name__)
    if module is None or module == "builtins":
        return name
    return f"{module}.{name}"


def describe(exc: BaseException, script_files: Collection[str] = ()) -> dict[str, object]:
    """The error object of a reply for `exc` (see PROTOCOL.md, "Requests and replies").

    With `script_files`, the location is the innermost frame in one of those
    files (a syntax error in one of them: its own place), so that an error
    raised inside library code is placed at the script line that called it.
    """
    if isinstance(exc, BridgeError):
        return {"type": type(exc).__name__, "message": _message(exc), "traceback": None, "location": None}
    user_tb = _user_traceback(exc.__traceback__)
    if isinstance(exc, Cancelled):
        type_name = "Cancelled"
        trace = _format(exc, user_tb) if user_tb is not None else None
    else:
        type_name = qualified_name(type(exc))
        trace = _format(exc, user_tb)
    location = _script_location(exc, user_tb, script_files) if script_files else None
    return {"type": type_name, "message": _message(exc), "traceback": trace, "location": location or _location(exc, user_tb)}


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # a user exception whose __str__ fails still gets a reply
        return f"<{qualified_name(type(exc))} whose str() failed>"


def _is_worker_frame(tb: TracebackType) -> bool:
    folder = os.path.dirname(tb.tb_frame.f_code.co_filename)
    return folder == _PACKAGE_DIR or folder.startswith(_PACKAGE_DIR + os.sep)


def _user_traceback(tb: TracebackType | None) -> TracebackType | None:
    while tb is not None and _is_worker_frame(tb):
        tb = tb.tb_next
    return tb


def _format(exc: BaseException, tb: TracebackType | None) -> str:
    import traceback

    return "".join(traceback.format_exception(type(exc), exc, tb))


def _location(exc: BaseException, tb: TracebackType | None) -> dict[str, object] | None:
    if isinstance(exc, SyntaxError) and isinstance(exc.lineno, int):
        return _syntax_location(exc)
    return _innermost(tb, lambda frame: not _is_worker_frame(frame))


def _script_location(exc: BaseException, tb: TracebackType | None, script_files: Collection[str]) -> dict[str, object] | None:
    if isinstance(exc, SyntaxError) and isinstance(exc.lineno, int) and exc.filename in script_files:
        return _syntax_location(exc)
    return _innermost(tb, lambda frame: frame.tb_frame.f_code.co_filename in script_files)


def _syntax_location(exc: SyntaxError) -> dict[str, object]:
    column = exc.offset if isinstance(exc.offset, int) and exc.offset >= 1 else None
    return {"file": exc.filename or "<unknown>", "line": exc.lineno, "column": column}


def _innermost(tb: TracebackType | None, wanted: Callable[[TracebackType], bool]) -> dict[str, object] | None:
    location = None
    while tb is not None:
        line = tb.tb_lineno
        if isinstance(line, int) and wanted(tb):
            location = {"file": tb.tb_frame.f_code.co_filename, "line": line, "column": None}
        tb = tb.tb_next
    return location
