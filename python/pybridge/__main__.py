"""`python3 -m pybridge [options]`: parses the options, runs the worker, exits with its code."""

from __future__ import annotations

import os
import sys

from . import commands, process_group, programs, script
from .protocol import LARGEST_FRAME_BYTES
from .worker import EXIT_EXTENSION, EXIT_USAGE, Options, Worker

USAGE = (
    "usage: python3 -m pybridge [--worker-id ID] [--run-id RUN] [--run-host NAME] [--parent-pid PID] [--max-frame-bytes N]"
    " [--threads N] [--extension MODULE]... [--preload MODULE]...\n"
    "       python3 -m pybridge --fork-server --socket PATH [--run-id RUN] [--parent-pid PID] [--preload MODULE]..."
)
# Small enough for any sensible test, large enough for the ready frame and every error reply.
SMALLEST_FRAME_BYTES = 1024
_OPTIONS = frozenset(
    ("--worker-id", "--run-id", "--run-host", "--parent-pid", "--max-frame-bytes", "--threads", "--extension", "--preload")
)
# Options that may be given more than once; each occurrence adds a value.
_REPEATABLE = frozenset(("--extension", "--preload"))


class UsageError(Exception):
    """A bad command line; the message names the option."""


def parse_options(argv: list[str]) -> Options:
    """Reads `--name value` and `--name=value` options (argparse would cost start-up time)."""
    given: dict[str, str] = {}
    repeated: dict[str, list[str]] = {name: [] for name in _REPEATABLE}
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
        if name in _REPEATABLE:
            repeated[name].append(_module_name(name, value))
        elif name in given:
            raise UsageError(f"option {name} is given twice")
        else:
            given[name] = value
        index += 1
    options = Options()
    if "--worker-id" in given:
        options.worker_id = _text("--worker-id", given["--worker-id"])
    if "--run-id" in given:
        options.run_id = _text("--run-id", given["--run-id"])
    if "--run-host" in given:
        options.run_host = _text("--run-host", given["--run-host"])
    if "--parent-pid" in given:
        options.parent_pid = _integer("--parent-pid", given["--parent-pid"], 1, None)
    if "--max-frame-bytes" in given:
        options.max_frame_bytes = _integer("--max-frame-bytes", given["--max-frame-bytes"], SMALLEST_FRAME_BYTES, LARGEST_FRAME_BYTES)
    if "--threads" in given:
        options.threads = _integer("--threads", given["--threads"], 1, None)
    options.extensions = repeated["--extension"]
    options.preload = repeated["--preload"]
    return options


def _module_name(name: str, value: str) -> str:
    if not all(part.isidentifier() for part in value.split(".")):
        raise UsageError(f"option {name} expects a dotted module name, got {value!r}")
    return value


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
    table = commands.CommandTable()
    commands.register(table)
    script.register(table)
    programs.register(table)
    worker = Worker(options, table)
    worker.guard_streams()
    if options.preload:
        from . import preload  # only when asked for, as extensions

        try:
            preload.load(options.preload)
        except preload.PreloadError as exc:
            worker.say(str(exc))
            return EXIT_EXTENSION
    if options.extensions:
        from . import extensions  # only when asked for: it imports more than a start without extensions needs

        try:
            extensions.load(table, options.extensions)
        except extensions.ExtensionError as exc:
            worker.say(str(exc))
            return EXIT_EXTENSION
    return worker.serve()


def start(argv: list[str]) -> None:
    """Runs the worker (or with `--fork-server` first, the fork server) and exits with its code; what
    start_pybridge.py calls, and what a forked worker runs."""
    _see_working_directory()
    if argv[:1] == ["--fork-server"]:
        from . import fork_server

        code = fork_server.main(argv[1:])
    else:
        code = main(argv)
    sys.stderr.flush()
    process_group.end_others()
    # os._exit: threads that user code started and never ended must not keep the worker alive.
    os._exit(code)


def _see_working_directory() -> None:
    """Puts the working directory on the import path, after the worker's own folder, as `python -m`
    would have put it first: user code imports its modules from there, but no file there can
    replace the worker's package, which is imported already."""
    try:
        folder = os.getcwd()
    except OSError:
        return  # deleted while the JVM ran: nothing to import from
    if folder not in sys.path:
        sys.path.insert(1, folder)


if __name__ == "__main__":
    start(sys.argv[1:])
