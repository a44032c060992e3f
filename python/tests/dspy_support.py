"""DSPy for the program tests: the real one where it imports, else the stand-in in tests/standin (never both).

Importing this module decides, once per test process, and puts the stand-in on sys.path only when the real
`dspy` does not import. Program workers get the same choice on their PYTHONPATH, with tests/ too, so that
they import the fake LMs and targets as the JVM's tests do ("fake_lms:answering").
"""

from __future__ import annotations

import os
import sys

from .support import PYTHON_DIR, WorkerProcess, worker_env

TESTS_DIR = os.path.join(PYTHON_DIR, "tests")
STANDIN_DIR = os.path.join(TESTS_DIR, "standin")


def _import_dspy() -> bool:
    """True when the real DSPy imports; otherwise the stand-in is imported in its place."""
    try:
        import dspy  # noqa: F401
    except Exception:
        # A half-imported real DSPy must leave nothing that the stand-in's submodules would be mistaken for.
        for name in [name for name in sys.modules if name == "dspy" or name.startswith("dspy.")]:
            del sys.modules[name]
        sys.path.insert(0, STANDIN_DIR)
        import dspy  # noqa: F401

        return False
    return True


REAL_DSPY = _import_dspy()


def program_paths() -> tuple[str, ...]:
    """What a program worker needs on its import path beside the worker's own folder."""
    return (TESTS_DIR,) if REAL_DSPY else (TESTS_DIR, STANDIN_DIR)


def program_env() -> dict[str, str]:
    return worker_env(*program_paths())


def start_program_worker(test: object, *options: str) -> WorkerProcess:
    """A worker that can run programs, stopped when the test ends."""
    return WorkerProcess.start(test, *options, env=program_env())  # type: ignore[arg-type]
