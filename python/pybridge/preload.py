"""Preload modules: imported once before serving, by a worker or by the fork server for all its workers.

A fork copies one thread only, so a preload must leave none running (a lock held by a thread that is
not copied stays held forever in the child), and it must not have set up CUDA (a CUDA context does not
survive a fork: the child's first GPU call fails or hangs)."""

from __future__ import annotations

import importlib
import sys
import threading

from .extensions import _traceback


class PreloadError(Exception):
    """A preload module failed to import; the message names it and carries the traceback."""


class UnsafeToFork(Exception):
    """The preload left the process in a state that a fork would break; the message says what and how to fix it."""

    def __init__(self, message: str, threads: list[str]) -> None:
        super().__init__(message)
        self.threads = threads


def load(names: list[str]) -> None:
    """Imports each module in order."""
    for name in names:
        try:
            importlib.import_module(name)
        except BaseException as exc:  # an import may raise anything, SystemExit included
            raise PreloadError(f"preload module {name!r} failed to import:\n{_traceback(exc)}") from None


def other_threads() -> list[str]:
    """The names of the Python threads other than this one."""
    me = threading.current_thread()
    return sorted(thread.name for thread in threading.enumerate() if thread is not me)


def check_fork_safe(names: list[str]) -> None:
    """Raises UnsafeToFork when threads run or CUDA was initialised; the preload `names` are named in the message."""
    threads = other_threads()
    if threads:
        raise UnsafeToFork(
            f"the preload modules {', '.join(names)} started threads ({', '.join(threads)}): a forked worker would "
            "inherit their locks but not the threads; preload only modules that start no thread at import, "
            "and start threads in the workers",
            threads,
        )
    if _cuda_initialised():
        raise UnsafeToFork(
            f"the preload modules {', '.join(names)} initialised CUDA: a CUDA context cannot be used in a forked child; "
            "preload modules must not touch the GPU (import torch, but create tensors on the GPU in the workers)",
            [],
        )


def _cuda_initialised() -> bool:
    torch = sys.modules.get("torch")
    cuda = getattr(torch, "cuda", None)
    initialised = getattr(cuda, "is_initialized", None)
    try:
        return bool(initialised()) if callable(initialised) else False
    except Exception:
        return False


def reseed() -> None:
    """Gives a forked child random streams of its own: without it, every child of one parent draws the same numbers."""
    random = sys.modules.get("random")
    if random is not None:
        random.seed()
    # Only when imported: numpy 2 imports numpy.random on first use, and a child that imports it seeds it itself.
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()
