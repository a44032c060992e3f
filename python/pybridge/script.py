"""The commands behind the JSR-223 script engine (PROTOCOL.md, "Script commands"): run code with
bindings and report the globals it changed, call functions and methods, compile, and tell whether
interactive input is complete."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .commands import Command, CommandTable, Required, compile_statements, take_args
from .errors import InvalidArguments, StaleBindings, TargetNotFound, qualified_name
from .protocol import Raw, to_json
from .script_state import ScriptState

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .context import RequestContext

# The file name of a script run without one, as Jython's engine names it.
SCRIPT_FILENAME = "<script>"
# The file name jrunscript gives interactive input.
INTERACTIVE_FILENAME = "<STDIN>"
_STATE_KEY = "script"
_MISSING = object()


def register(table: CommandTable) -> None:
    """Adds the script commands."""
    for command in (
        Command("script.eval", _eval, accepts_refs=True),
        Command("script.invoke", _invoke, accepts_refs=True),
        Command("script.missing", _missing, accepts_refs=True),
        Command("script.compile", _compile),
        Command("script.complete", _complete),
    ):
        table.add(command)


def _eval(ctx: RequestContext, args: dict[str, object]) -> object:
    ctx.capture_output()
    code, filename, argv, bindings, unbind, incremental, cache = take_args(
        "script.eval",
        args,
        (
            ("code", str, Required),
            ("filename", str, None),
            ("argv", list, []),
            ("bindings", dict, {}),
            ("unbind", list, []),
            ("incremental", bool, False),
            ("cache", bool, False),
        ),
    )
    name = filename if filename is not None else SCRIPT_FILENAME
    script_argv = [name, *_strings("script.eval", "argv", argv)]
    unbound = _strings("script.eval", "unbind", unbind)
    state = _state(ctx)
    if incremental and not state.mirror.bound:
        raise StaleBindings(f"session {ctx.session!r} has no bindings on this worker yet: send all of them, not only the changed ones")
    state.filenames = state.filenames | {name}
    ctx.script_files = state.filenames
    namespace = ctx.namespace()
    ctx.enter_user_code()
    # Compiled before anything is bound: a SyntaxError changes nothing.
    body, final = state.code.get(code, name) if cache else compile_statements(code, name)
    state.mirror.unbind(namespace, unbound)
    state.mirror.bind(namespace, state.refs.resolve(bindings) if ctx.refs else bindings)
    if filename is not None:
        namespace["__file__"] = filename
    state.argv = script_argv
    with _argv(script_argv):
        exec(body, namespace)
        value = eval(final, namespace) if final is not None else None
    return _reply(state, namespace, value)


def _invoke(ctx: RequestContext, args: dict[str, object]) -> object:
    ctx.capture_output()
    name, target, positional = take_args("script.invoke", args, (("name", str, Required), ("self", None, None), ("args", list, [])))
    state = _state(ctx)
    ctx.script_files = state.filenames
    namespace = ctx.namespace()
    if ctx.refs:
        target = state.refs.resolve(target)
        positional = state.refs.resolve(positional)
    ctx.enter_user_code()
    method = "self" in args
    function = _lookup(namespace, target, name, method)
    if function is _MISSING or not callable(function):
        raise TargetNotFound(_not_found(target, name, method, function))
    with _argv(state.argv):
        value = function(*positional)
    return _reply(state, namespace, value)


def _missing(ctx: RequestContext, args: dict[str, object]) -> object:
    names, target = take_args("script.missing", args, (("names", list, Required), ("self", None, None)))
    state = _state(ctx)
    namespace = ctx.namespace()
    if ctx.refs:
        target = state.refs.resolve(target)
    ctx.enter_user_code()  # getattr may run a property's code
    method = "self" in args
    missing = []
    for name in _strings("script.missing", "names", names):
        found = _lookup(namespace, target, name, method)
        if found is _MISSING or not callable(found):
            missing.append(name)
    return {"missing": missing}


def _compile(ctx: RequestContext, args: dict[str, object]) -> object:
    ctx.capture_output()  # a SyntaxWarning goes back with the reply
    code, filename = take_args("script.compile", args, (("code", str, Required), ("filename", str, SCRIPT_FILENAME)))
    state = _state(ctx)
    ctx.script_files = frozenset((filename,))
    state.code.get(code, filename)
    return None


def _complete(ctx: RequestContext, args: dict[str, object]) -> object:
    ctx.capture_output()
    code, filename = take_args("script.complete", args, (("code", str, Required), ("filename", str, INTERACTIVE_FILENAME)))
    ctx.script_files = frozenset((filename,))
    import codeop  # only interactive jrunscript asks; not worth importing at every start

    try:
        # As Python's own REPL decides: None means that more input is needed.
        return {"complete": codeop.compile_command(code, filename, "single") is not None}
    except SyntaxError as exc:
        raise exc.with_traceback(None) from None  # its traceback would only show codeop's frames


def _state(ctx: RequestContext) -> ScriptState:
    session = ctx.session
    if session is None:
        raise InvalidArguments(f"{ctx.command} runs in a session: send the request with a session id")
    state = ctx.session_state(_STATE_KEY, lambda: ScriptState(session))
    assert isinstance(state, ScriptState)
    return state


def _reply(state: ScriptState, namespace: dict[str, object], value: object) -> dict[str, object]:
    result = Raw(to_json(value, state.refs.tag))
    changed, removed = state.mirror.changes(namespace)
    return {"result": result, "changed": changed, "removed": removed}


def _lookup(namespace: dict[str, object], target: object, name: str, method: bool) -> object:
    """A method of `target`, or a function of the session's namespace."""
    return getattr(target, name, _MISSING) if method else namespace.get(name, _MISSING)


def _not_found(target: object, name: str, method: bool, found: object) -> str:
    where = f"an object of type {qualified_name(type(target))}" if method else "the session"
    if found is _MISSING:
        return f"script.invoke: {where} has no {'method' if method else 'function'} {name!r}"
    return f"script.invoke: {name!r} in {where} is a {qualified_name(type(found))}, which is not callable"


def _strings(command: str, argument: str, values: list[object]) -> list[str]:
    strings = []
    for index, value in enumerate(values):
        if type(value) is not str:
            raise InvalidArguments(f"{command}: argument {argument!r} holds strings, but item {index} is not one")
        strings.append(value)
    return strings


@contextmanager
def _argv(argv: list[str]) -> Iterator[None]:
    """sys.argv is the script's while it runs; it is process-wide, so with --threads > 1
    the scripts running at the same moment share it."""
    saved = sys.argv
    sys.argv = list(argv)
    try:
        yield
    finally:
        sys.argv = saved
