"""`python3 -m pybridge [options]`: parses the options, runs the worker, exits with its code."""

from __future__ import annotations

import os
import sys

from .protocol import LARGEST_FRAME_BYTES
from .worker import EXIT_USAGE, Options, Worker

USAGE = "usage: python3 -m pybridge [--worker-id ID] [--run-id RUN] [--parent-pid PID] [--max-frame-bytes N] [--threads N]"
# Small enough for any sensible test, large enough for the ready frame and every error reply.
SMALLEST_FRAME_BYTES = 1024
_OPTIONS = frozenset(("--worker-id", "--run-id", "--parent-pid", "--max-frame-bytes", "--threads"))


class UsageError(Exception):
    """A bad command line; the message names the option."""


def parse_options(argv: list[str]) -> Options:
    """Reads `--name value` and `--name=value` options (argparse would cost start-up time)."""
    given: dict[str, str] = {}
    index = 0
    while index < len(argv):
        name, equals, value = argv[index].partition("=")
        if name not in _OPTIONS:
            kind = "option" if name.startswith("-") else "argument"
            raise UsageError(f"unknown {kind} {argv[index]!r}")
        if not equals:
            index += 1
            if index == len(argv):
                raise UsageError(f"option {name} needs a value")
            value = argv[index]
        if name in given:
            raise UsageError(f"option {name} is given twice")
        given[name] = value
        index += 1
    options = Options()
    if "--worker-id" in given:
        options.worker_id = _text("--worker-id", given["--worker-id"])
    if "--run-id" in given:
        options.run_id = _text("--run-id", given["--run-id"])
    if "--parent-pid" in given:
        options.parent_pid = _integer("--parent-pid", given["--parent-pid"], 1, None)
    if "--max-frame-bytes" in given:
        options.max_frame_bytes = _integer("--max-frame-bytes", given["--max-frame-bytes"], SMALLEST_FRAME_BYTES, LARGEST_FRAME_BYTES)
    if "--threads" in given:
        options.threads = _integer("--threads", given["--threads"], 1, None)
    return options


def _text(name: str, value: str) -> str:
    if not value:
        raise UsageError(f"option {name} needs a non-empty value")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"option {name} is not valid UTF-8: {value!r}") from None
    return value


def _integer(name: str, value: str, smallest: int, largest: int | None) -> int:
    # isdigit() alone would accept non-ASCII digits; int() alone would accept "+1", " 1" and "1_0".
    if not (value.isascii() and value.isdigit()):
        raise UsageError(f"option {name} expects a whole number, got {value!r}")
    number = int(value)
    if number < smallest or (largest is not None and number > largest):
        bounds = f"from {smallest} to {largest}" if largest is not None else f"of at least {smallest}"
        raise UsageError(f"option {name} expects a number {bounds}, got {number}")
    return number


def main(argv: list[str]) -> int:
    try:
        options = parse_options(argv)
    except UsageError as exc:
        sys.stderr.write(f"pybridge: {exc}\n{USAGE}\n")
        return EXIT_USAGE
    return Worker(options).run()


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    # os._exit: threads that user code started and never ended must not keep the worker alive.
    os._exit(code)
